// SPDX-License-Identifier: GPL-3.0-or-later
// The roster window over a real Account on a fake server, fed with RFC 6121 roster and presence.
#include "AddContactDialog.h"
#include "ContactInfoDialog.h"
#include "EditGroupsDialog.h"
#include "FakeTransport.h"
#include "RosterDelegate.h"
#include "RosterView.h"
#include "RosterWindow.h"
#include "StatusSelector.h"
#include "SubscriptionNotice.h"
#include "UiTestUtil.h"
#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/DiscoExtension.h"
#include "ext/InvisibleExtension.h"
#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "ext/SubscriptionExtension.h"
#include "ext/VersionExtension.h"
#include "models/RosterFilterModel.h"
#include "models/RosterModel.h"
#include "payloads/RosterQuery.h"
#include "services/PresenceService.h"
#include "services/RosterService.h"
#include "xml/Namespaces.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>
#include <QTreeWidget>

#include <ctime>
#include <memory>

using namespace Qt::StringLiterals;
using namespace natter;

using Status = PresenceService::Status;

namespace {

const Jid OwnJid = Jid::fromString(u"juliet@capulet.lit/balcony");

Jid jid(const QString &text)
{
    return Jid::fromString(text);
}

// 25 contacts in four groups and without a group, with the subscription states of RFC 6121.
const QString Roster = uR"(
<item jid='mum@capulet.lit' name='Mum' subscription='both'><group>Family</group></item>
<item jid='tybalt@capulet.lit' name='Tybalt' subscription='both'><group>Family</group></item>
<item jid='nurse@capulet.lit' name='Nurse' subscription='both'><group>Family</group></item>
<item jid='rose@capulet.lit' name='Grandma Rose' subscription='both'><group>Family</group></item>
<item jid='romeo@montague.lit' name='Romeo' subscription='both'>
  <group>Friends</group><group>Verona</group></item>
<item jid='mercutio@verona.lit' name='Mercutio' subscription='both'><group>Friends</group></item>
<item jid='benvolio@montague.lit' name='Benvolio' subscription='from'><group>Friends</group></item>
<item jid='rosaline@verona.lit' name='Rosaline' subscription='to'><group>Friends</group></item>
<item jid='chloe@verona.lit' name='Chloé Martin' subscription='both'><group>Friends</group></item>
<item jid='priya@verona.lit' name='Priya' subscription='none' ask='subscribe'>
  <group>Friends</group></item>
<item jid='laurence@verona.lit' name='Friar Laurence' subscription='both'><group>Work</group></item>
<item jid='apothecary@mantua.lit' name='Apothecary' subscription='both'><group>Work</group></item>
<item jid='balthasar@montague.lit' name='Balthasar' subscription='both'><group>Work</group></item>
<item jid='peter@capulet.lit' name='Peter' subscription='both'><group>Work</group></item>
<item jid='sampson@capulet.lit' name='Sampson' subscription='both'><group>Work</group></item>
<item jid='escalus@verona.lit' name='Prince Escalus' subscription='both'><group>Verona</group></item>
<item jid='paris@verona.lit' name='County Paris' subscription='both'><group>Verona</group></item>
<item jid='montague@montague.lit' name='Lord Montague' subscription='both'><group>Verona</group></item>
<item jid='abram@montague.lit' name='Abram' subscription='both'><group>Verona</group></item>
<item jid='gregory@capulet.lit' name='Gregory' subscription='both'><group>Verona</group></item>
<item jid='chorus@globe.lit' name='Chorus' subscription='both'/>
<item jid='watchman@verona.lit' subscription='both'/>
<item jid='musician@verona.lit' name='Musician' subscription='none'/>
<item jid='page@verona.lit' name='Page' subscription='both'/>
<item jid='citizen@verona.lit' subscription='from'/>
)"_s;

const QStringList Presences = {
    u"<presence from='mum@capulet.lit/kitchen'><show>chat</show></presence>"_s,
    u"<presence from='nurse@capulet.lit/phone'><show>away</show>"
    "<status>Fetching the cords</status></presence>"_s,
    u"<presence from='rose@capulet.lit/tablet'><show>xa</show>"
    "<status>On holiday until Monday</status></presence>"_s,
    u"<presence from='romeo@montague.lit/orchard'><status>Under the balcony</status>"
    "<priority>5</priority></presence>"_s,
    u"<presence from='romeo@montague.lit/phone'><show>away</show><priority>1</priority>"
    "</presence>"_s,
    u"<presence from='mercutio@verona.lit/street'>"
    "<status>A plague o' both your houses!</status></presence>"_s,
    u"<presence from='chloe@verona.lit/laptop'><show>dnd</show><status>In a meeting</status>"
    "</presence>"_s,
    u"<presence from='laurence@verona.lit/cell'><show>away</show><status>Gathering herbs"
    "</status></presence>"_s,
    u"<presence from='apothecary@mantua.lit/shop'><show>dnd</show></presence>"_s,
    u"<presence from='balthasar@montague.lit/horse'/>"_s,
    u"<presence from='escalus@verona.lit/palace'><show>xa</show></presence>"_s,
    u"<presence from='paris@verona.lit/church'><show>chat</show>"
    "<status>Wedding on Thursday!</status></presence>"_s,
    u"<presence from='chorus@globe.lit/stage'/>"_s,
    u"<presence from='page@verona.lit/x'><show>away</show></presence>"_s,
};

// The whole stack the main window gives the roster window: a real Account over a fake
// server, the standard extensions, invisibility, the services and the model.
struct Scenario
{
    Scenario()
    {
        transport = new FakeTransport;
        SessionInfo session;
        session.jid = OwnJid;
        transport->setSession(session);
        account = std::make_unique<Account>(transport);
        account->setAutoReconnect(false);
        ext = StandardExtensions::install(account.get());
        invisible = new InvisibleExtension(account.get(), ext.disco);
        roster = std::make_unique<RosterService>(ext.roster, ext.subscriptions);
        presence = std::make_unique<PresenceService>(account.get(), ext.presence, ext.disco,
                                                     ext.version, invisible);
        model = std::make_unique<RosterModel>(ext.roster, ext.presence);
        tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        ConnectionSettings settings;
        settings.jid = OwnJid.bare();
        account->setSettings(settings);
    }

    ~Scenario()
    {
        window.reset(); // before the services it uses
    }

    void createWindow()
    {
        window = std::make_unique<RosterWindow>(model.get(), roster.get(), presence.get(),
                                                OwnJid.bare().toString());
        window->resize(window->fontMetrics().averageCharWidth() * 48,
                       window->fontMetrics().height() * 36);
    }

    XmlElement findSent(const std::function<bool(const XmlElement &)> &match) const
    {
        for (const XmlElement &element : transport->sent()) {
            if (match(element))
                return element;
        }
        return {};
    }

    // Logs in: roster, the server's features, everybody's presence.
    void logIn(const QString &items = Roster, bool invisibleFeature = true)
    {
        presence->setStatus(Status::Available, QString());
        const XmlElement get = findSent([](const XmlElement &e) {
            return e.name() == u"iq" && e.firstChild().is(ns::Roster, u"query");
        });
        QVERIFY(!get.isNull());
        transport->inject(
            u"<iq type='result' id='%1'><query xmlns='jabber:iq:roster'>%2</query></iq>"_s.arg(
                get.attribute(u"id"), items));
        for (const XmlElement &sent : transport->sent()) {
            if (sent.name() != u"iq" || !sent.firstChild().is(ns::DiscoInfo, u"query"))
                continue;
            const QString to = sent.attribute(u"to");
            const QString features = to == u"capulet.lit" && invisibleFeature
                                         ? u"<feature var='urn:xmpp:invisible:0'/>"_s
                                         : QString();
            transport->inject(u"<iq type='result' id='%1' from='%2'><query "
                              "xmlns='http://jabber.org/protocol/disco#info'>"
                              "<identity category='server' type='im'/>%3</query></iq>"_s.arg(
                                  sent.attribute(u"id"), to, features));
        }
        for (const QString &xml : Presences)
            transport->inject(xml);
        transport->clearSent();
    }

    RosterFilterModel *proxy() const { return window->filterModel(); }

    // The bare JIDs the window shows, group by group, as "Group: a, b".
    QStringList shown() const
    {
        QStringList result;
        const RosterFilterModel *p = proxy();
        for (int row = 0; row < p->rowCount(); ++row) {
            const QModelIndex group = p->index(row, 0);
            QStringList names;
            for (int child = 0; child < p->rowCount(group); ++child)
                names << p->index(child, 0, group).data(RosterModel::NameRole).toString();
            result << group.data(RosterModel::NameRole).toString() + u": "_s + names.join(u", "_s);
        }
        return result;
    }

    QModelIndex proxyContact(const QString &bare) const
    {
        const RosterFilterModel *p = proxy();
        for (int row = 0; row < p->rowCount(); ++row) {
            const QModelIndex group = p->index(row, 0);
            for (int child = 0; child < p->rowCount(group); ++child) {
                const QModelIndex index = p->index(child, 0, group);
                if (index.data(RosterModel::JidRole).toString() == bare)
                    return index;
            }
        }
        return {};
    }

    bool sentContains(const QString &expectedXml) const
    {
        XmlElement expected = FakeTransport::parse(expectedXml);
        expected.removeAttribute(u"id");
        for (XmlElement sent : transport->sent()) {
            sent.removeAttribute(u"id");
            if (sent == expected)
                return true;
        }
        return false;
    }

    std::unique_ptr<Account> account;
    FakeTransport *transport = nullptr;
    StandardExtensions ext;
    InvisibleExtension *invisible = nullptr;
    std::unique_ptr<RosterService> roster;
    std::unique_ptr<PresenceService> presence;
    std::unique_ptr<RosterModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;
    std::unique_ptr<RosterWindow> window;
};

QAction *menuAction(QMenu *menu, const QString &name)
{
    for (QAction *action : menu->actions()) {
        if (action->objectName() == name)
            return action;
    }
    return nullptr;
}

// The dialog a window opened (open() shows it at once); null if there is none.
template<typename T>
T *openDialog(QWidget *parent)
{
    return parent->findChild<T *>();
}

} // namespace

class tst_RosterWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();

    void showsGroupsWithOnlineContacts();
    void headerShowsOwnAddressAndStatus();
    void filterFiltersAsTyped();
    void ctrlFFocusesFilterEscapeClears();
    void enterInFilterOpensFirstMatch();
    void showOfflineToggle();
    void activatingAContactRequestsAChat();
    void groupsFoldAndStayFoldedAcrossReload();
    void contextMenuFollowsSubscriptionState_data();
    void contextMenuFollowsSubscriptionState();
    void contextMenuSubscriptionActionsSendPresence();
    void renameFromTheMenu();
    void editGroupsFromTheMenu();
    void removeFromTheMenuAsksFirst();
    void failuresShowInTheMessageBar();
    void addDialogValidatesAsTyped();
    void addDialogAddsAndAsks();
    void addDialogPrefill();
    void subscriptionNoticeAccept();
    void subscriptionNoticeDeny();
    void statusSelectorSendsPresence();
    void statusMessageEnterApplies();
    void invisibleOfferedOnlyWhenSupported();
    void offlineKeepsContactsGreyed();
    void unreadBadgeAndTooltip();
    void contactInfoAsksClients();

    void timingHundredThousandContactsInTheWindow();

    void screenshots_data();
    void screenshots();
    void dialogScreenshots_data();
    void dialogScreenshots();

private:
    std::unique_ptr<Scenario> m_scenario;
};

void tst_RosterWindow::initTestCase()
{
    QLoggingCategory::setFilterRules(u"natter.*.debug=false\nnatter.*.info=false"_s);
    QApplication::setStyle(u"Fusion"_s);
}

void tst_RosterWindow::init()
{
    QApplication::setPalette(test::lightPalette());
    m_scenario = std::make_unique<Scenario>();
}

void tst_RosterWindow::showsGroupsWithOnlineContacts()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    QCOMPARE(s.shown(), (QStringList{
                            u"Family: Mum, Nurse, Grandma Rose"_s,
                            u"Friends: Mercutio, Romeo, Chloé Martin"_s,
                            u"Verona: County Paris, Romeo, Prince Escalus"_s,
                            u"Work: Balthasar, Friar Laurence, Apothecary"_s,
                            u"Contacts: Chorus, Page"_s,
                        }));
    const QModelIndex family = s.window->view()->groupIndex(u"Family"_s);
    QCOMPARE(family.data(RosterModel::OnlineCountRole).toInt(), 3);
    QCOMPARE(family.data(RosterModel::TotalCountRole).toInt(), 4);
    // Every group unfolded at first.
    for (int row = 0; row < s.proxy()->rowCount(); ++row)
        QVERIFY(s.window->view()->isExpanded(s.proxy()->index(row, 0)));
}

void tst_RosterWindow::headerShowsOwnAddressAndStatus()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    auto *address = s.window->findChild<QLabel *>();
    QVERIFY(address);
    bool found = false;
    for (QLabel *label : s.window->findChildren<QLabel *>()) {
        if (label->toolTip() == u"juliet@capulet.lit"_s)
            found = true;
    }
    QVERIFY(found);
    QCOMPARE(s.window->statusSelector()->status(), Status::Offline);
    s.logIn();
    QCOMPARE(s.window->statusSelector()->status(), Status::Available);
}

void tst_RosterWindow::filterFiltersAsTyped()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->view()->setGroupExpanded(u"Verona"_s, false);
    QTest::keyClicks(s.window->filterEdit(), u"rom"_s);
    QCOMPARE(s.proxy()->filterText(), u"rom"_s);
    // A contact in two groups is found in both.
    QCOMPARE(s.shown(), (QStringList{u"Friends: Romeo"_s, u"Verona: Romeo"_s}));
    // While filtering, folded groups open; the folding comes back afterwards.
    QVERIFY(s.window->view()->isExpanded(s.window->view()->groupIndex(u"Verona"_s)));
    QTest::keyClick(s.window->filterEdit(), Qt::Key_Backspace);
    QTest::keyClicks(s.window->filterEdit(), u"sa"_s);
    // Offline contacts that match are shown too.
    QCOMPARE(s.shown(), (QStringList{u"Friends: Rosaline"_s}));
    for (int i = 0; i < 4; ++i)
        QTest::keyClick(s.window->filterEdit(), Qt::Key_Backspace);
    QCOMPARE(s.window->filterEdit()->text(), QString());
    // The address counts too.
    QTest::keyClicks(s.window->filterEdit(), u"montague.lit"_s);
    QCOMPARE(s.shown(), (QStringList{u"Friends: Romeo, Benvolio"_s,
                                     u"Verona: Romeo, Abram, "
                                     "Lord Montague"_s,
                                     u"Work: Balthasar"_s}));
    s.window->filterEdit()->clear();
    QCOMPARE(s.shown().size(), 5);
    QVERIFY(!s.window->view()->isExpanded(s.window->view()->groupIndex(u"Verona"_s)));
}

void tst_RosterWindow::ctrlFFocusesFilterEscapeClears()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    s.window->activateWindow();
    s.window->view()->setFocus();
    QTRY_VERIFY(s.window->view()->hasFocus());
    QTest::keyClick(s.window->view(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(s.window->filterEdit()->hasFocus());
    QTest::keyClicks(s.window->filterEdit(), u"merc"_s);
    QCOMPARE(s.shown(), QStringList{u"Friends: Mercutio"_s});
    QTest::keyClick(s.window->filterEdit(), Qt::Key_Escape);
    QCOMPARE(s.window->filterEdit()->text(), QString());
    QCOMPARE(s.shown().size(), 5);
    // A second Escape leaves the empty filter for the list.
    QTest::keyClick(s.window->filterEdit(), Qt::Key_Escape);
    QTRY_VERIFY(s.window->view()->hasFocus());
}

void tst_RosterWindow::enterInFilterOpensFirstMatch()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    QSignalSpy chat(s.window.get(), &RosterWindow::chatRequested);
    QTest::keyClicks(s.window->filterEdit(), u"paris"_s);
    QTest::keyClick(s.window->filterEdit(), Qt::Key_Return);
    QCOMPARE(chat.size(), 1);
    QCOMPARE(chat.first().at(0).value<Jid>(), jid(u"paris@verona.lit"_s));
}

void tst_RosterWindow::showOfflineToggle()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    auto *box = s.window->findChild<QCheckBox *>();
    QVERIFY(box);
    QVERIFY(!box->isChecked());
    QVERIFY(!s.proxyContact(u"tybalt@capulet.lit"_s).isValid());
    QTest::mouseClick(box, Qt::LeftButton, {}, box->rect().center());
    QVERIFY(box->isChecked());
    QVERIFY(s.window->showOfflineAction()->isChecked());
    QVERIFY(s.proxyContact(u"tybalt@capulet.lit"_s).isValid());
    QCOMPARE(s.proxy()->rowCount(s.window->view()->groupIndex(u"Family"_s)), 4);
    // Offline contacts come after the online ones.
    QCOMPARE(s.shown().first(), u"Family: Mum, Nurse, Grandma Rose, Tybalt"_s);
    s.window->showOfflineAction()->trigger();
    QVERIFY(!box->isChecked());
    QVERIFY(!s.proxyContact(u"tybalt@capulet.lit"_s).isValid());
}

void tst_RosterWindow::activatingAContactRequestsAChat()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    QSignalSpy chat(s.window.get(), &RosterWindow::chatRequested);
    RosterView *view = s.window->view();
    const QModelIndex mercutio = s.proxyContact(u"mercutio@verona.lit"_s);
    view->scrollTo(mercutio);
    const QPoint point = view->visualRect(mercutio).center();
    // A double click is a click and a second press that the platform reports as a double one.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, point);
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, point);
    QCOMPARE(chat.size(), 1);
    QCOMPARE(chat.first().at(0).value<Jid>(), jid(u"mercutio@verona.lit"_s));
    // Enter on the current row, too.
    view->setFocus();
    view->setCurrentIndex(s.proxyContact(u"mum@capulet.lit"_s));
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(chat.size(), 2);
    QCOMPARE(chat.last().at(0).value<Jid>(), jid(u"mum@capulet.lit"_s));
    // Enter on a group folds it instead.
    const QModelIndex family = view->groupIndex(u"Family"_s);
    view->setCurrentIndex(family);
    QTest::keyClick(view, Qt::Key_Return);
    QVERIFY(!view->isExpanded(family));
    QCOMPARE(chat.size(), 2);
}

void tst_RosterWindow::groupsFoldAndStayFoldedAcrossReload()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    RosterView *view = s.window->view();
    view->collapse(view->groupIndex(u"Work"_s));
    QVERIFY(!view->isGroupExpanded(u"Work"_s));
    // A reconnect fetches the roster again: the model resets.
    QSignalSpy reset(s.proxy(), &QAbstractItemModel::modelReset);
    s.transport->drop(ConnectionError(ConnectionError::Kind::ConnectionLost));
    s.transport->clearSent();
    s.logIn();
    QVERIFY(reset.size() >= 1);
    QVERIFY(!view->isExpanded(view->groupIndex(u"Work"_s)));
    QVERIFY(view->isExpanded(view->groupIndex(u"Family"_s)));
    view->expand(view->groupIndex(u"Work"_s));
    QVERIFY(view->isGroupExpanded(u"Work"_s));
}

void tst_RosterWindow::contextMenuFollowsSubscriptionState_data()
{
    QTest::addColumn<QString>("contact");
    QTest::addColumn<bool>("request");
    QTest::addColumn<QString>("requestText");
    QTest::addColumn<bool>("approve");
    QTest::addColumn<bool>("revoke");
    QTest::newRow("both") << u"romeo@montague.lit"_s << false << u"Ask to &See Their Presence"_s
                          << false << true;
    QTest::newRow("from") << u"benvolio@montague.lit"_s << true << u"Ask to &See Their Presence"_s
                          << false << true;
    QTest::newRow("to") << u"rosaline@verona.lit"_s << false << u"Ask to &See Their Presence"_s
                        << true << false;
    QTest::newRow("none, asked") << u"priya@verona.lit"_s << true
                                 << u"Ask &Again to See Their Presence"_s << true << false;
    QTest::newRow("none") << u"musician@verona.lit"_s << true << u"Ask to &See Their Presence"_s
                          << true << false;
}

void tst_RosterWindow::contextMenuFollowsSubscriptionState()
{
    QFETCH(QString, contact);
    QFETCH(bool, request);
    QFETCH(QString, requestText);
    QFETCH(bool, approve);
    QFETCH(bool, revoke);
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    std::unique_ptr<QMenu> menu(s.window->createContextMenu(jid(contact)));
    for (const QString &name :
         {u"openChat"_s, u"rename"_s, u"editGroups"_s, u"remove"_s, u"contactInfo"_s}) {
        QVERIFY2(menuAction(menu.get(), name), qPrintable(name));
        QVERIFY2(menuAction(menu.get(), name)->isEnabled(), qPrintable(name));
    }
    QCOMPARE(menuAction(menu.get(), u"requestSubscription"_s)->isEnabled(), request);
    QCOMPARE(menuAction(menu.get(), u"requestSubscription"_s)->text(), requestText);
    QCOMPARE(menuAction(menu.get(), u"approveSubscription"_s)->isEnabled(), approve);
    QCOMPARE(menuAction(menu.get(), u"revokeSubscription"_s)->isEnabled(), revoke);
    QCOMPARE(menu->defaultAction(), menuAction(menu.get(), u"openChat"_s));
}

void tst_RosterWindow::contextMenuSubscriptionActionsSendPresence()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    QSignalSpy chat(s.window.get(), &RosterWindow::chatRequested);
    std::unique_ptr<QMenu> menu(s.window->createContextMenu(jid(u"musician@verona.lit"_s)));
    menuAction(menu.get(), u"openChat"_s)->trigger();
    QCOMPARE(chat.size(), 1);
    menuAction(menu.get(), u"requestSubscription"_s)->trigger();
    QVERIFY(s.sentContains(u"<presence to='musician@verona.lit' type='subscribe'/>"_s));
    menuAction(menu.get(), u"approveSubscription"_s)->trigger();
    QVERIFY(s.sentContains(u"<presence to='musician@verona.lit' type='subscribed'/>"_s));
    std::unique_ptr<QMenu> other(s.window->createContextMenu(jid(u"romeo@montague.lit"_s)));
    menuAction(other.get(), u"revokeSubscription"_s)->trigger();
    QVERIFY(s.sentContains(u"<presence to='romeo@montague.lit' type='unsubscribed'/>"_s));
}

void tst_RosterWindow::renameFromTheMenu()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    std::unique_ptr<QMenu> menu(s.window->createContextMenu(jid(u"romeo@montague.lit"_s)));
    menuAction(menu.get(), u"rename"_s)->trigger();
    auto *dialog = openDialog<QInputDialog>(s.window.get());
    QVERIFY(dialog);
    QCOMPARE(dialog->textValue(), u"Romeo"_s);
    dialog->setTextValue(u"Romeo Montague"_s);
    dialog->accept();
    QVERIFY(s.sentContains(u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                           "<item jid='romeo@montague.lit' name='Romeo Montague'>"
                           "<group>Friends</group><group>Verona</group></item></query></iq>"_s));
}

void tst_RosterWindow::editGroupsFromTheMenu()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    std::unique_ptr<QMenu> menu(s.window->createContextMenu(jid(u"mercutio@verona.lit"_s)));
    menuAction(menu.get(), u"editGroups"_s)->trigger();
    auto *dialog = openDialog<EditGroupsDialog>(s.window.get());
    QVERIFY(dialog);
    QCOMPARE(dialog->groups(), QStringList{u"Friends"_s});
    QCOMPARE(dialog->list()->count(), 4); // Family, Friends, Verona, Work
    QTest::keyClicks(dialog->newGroupEdit(), u"Montague"_s);
    QTest::keyClick(dialog->newGroupEdit(), Qt::Key_Return); // adds, does not close
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->groups(), (QStringList{u"Friends"_s, u"Montague"_s}));
    QCOMPARE(dialog->newGroupEdit()->text(), QString());
    dialog->list()->item(1)->setCheckState(Qt::Unchecked); // Friends
    dialog->accept();
    QVERIFY(s.sentContains(u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                           "<item jid='mercutio@verona.lit' name='Mercutio'>"
                           "<group>Montague</group></item></query></iq>"_s));
}

void tst_RosterWindow::removeFromTheMenuAsksFirst()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    std::unique_ptr<QMenu> menu(s.window->createContextMenu(jid(u"tybalt@capulet.lit"_s)));
    menuAction(menu.get(), u"remove"_s)->trigger();
    auto *box = openDialog<QMessageBox>(s.window.get());
    QVERIFY(box);
    QVERIFY(box->text().contains(u"Tybalt"_s));
    QVERIFY(s.transport->sent().isEmpty()); // nothing before the answer
    QAbstractButton *remove = nullptr;
    for (QAbstractButton *button : box->buttons()) {
        if (box->buttonRole(button) == QMessageBox::DestructiveRole)
            remove = button;
    }
    QVERIFY(remove);
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(s.sentContains(u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                           "<item jid='tybalt@capulet.lit' subscription='remove'/>"
                           "</query></iq>"_s));
}

void tst_RosterWindow::failuresShowInTheMessageBar()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    QCOMPARE(s.window->message(), QString());
    std::unique_ptr<QMenu> menu(s.window->createContextMenu(jid(u"romeo@montague.lit"_s)));
    menuAction(menu.get(), u"rename"_s)->trigger();
    auto *dialog = openDialog<QInputDialog>(s.window.get());
    dialog->setTextValue(u"R"_s);
    dialog->accept();
    const QString id = s.transport->lastSent().attribute(u"id");
    s.transport->inject(u"<iq type='error' id='%1'><error type='wait'><resource-constraint "
                        "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(id));
    QVERIFY(s.window->message().startsWith(u"Could not rename romeo@montague.lit: "_s));
    QVERIFY(s.window->message().size() > 40);
}

void tst_RosterWindow::addDialogValidatesAsTyped()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    s.window->showAddContactDialog();
    AddContactDialog *dialog = s.window->addContactDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->okButton()->isEnabled());
    QCOMPARE(dialog->errorText(), QString()); // nothing typed, nothing to complain about
    QVERIFY(dialog->requestBox()->isChecked());
    // The group picker offers the existing groups.
    QStringList groups;
    for (int i = 0; i < dialog->groupBox()->count(); ++i)
        groups << dialog->groupBox()->itemText(i);
    QCOMPARE(groups, (QStringList{QString(), u"Family"_s, u"Friends"_s, u"Verona"_s, u"Work"_s}));

    QTest::keyClicks(dialog->jidEdit(), u"lady capulet"_s);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY(!dialog->errorText().isEmpty());
    dialog->jidEdit()->clear();
    QTest::keyClicks(dialog->jidEdit(), u"lady@"_s);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY(!dialog->errorText().isEmpty());
    QTest::keyClicks(dialog->jidEdit(), u"capulet.lit"_s);
    QVERIFY(dialog->okButton()->isEnabled());
    QCOMPARE(dialog->errorText(), QString());
    QTest::keyClicks(dialog->jidEdit(), u"/hall"_s);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY(dialog->errorText().contains(u"hall"_s));
    dialog->jidEdit()->clear();
    QTest::keyClicks(dialog->jidEdit(), u"Juliet@Capulet.lit"_s);
    QVERIFY(!dialog->okButton()->isEnabled());
    QVERIFY(!dialog->errorText().isEmpty()); // our own address
    dialog->jidEdit()->clear();
    QTest::keyClicks(dialog->jidEdit(), u"romeo@montague.lit"_s);
    QVERIFY(dialog->okButton()->isEnabled());
    QVERIFY(!dialog->hintText().isEmpty()); // already a contact
    dialog->reject();
}

void tst_RosterWindow::addDialogAddsAndAsks()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    s.window->addContactAction()->trigger();
    AddContactDialog *dialog = s.window->addContactDialog();
    QVERIFY(dialog);
    QTest::keyClicks(dialog->jidEdit(), u"lady@capulet.lit"_s);
    QTest::keyClicks(dialog->nameEdit(), u"Lady Capulet"_s);
    dialog->groupBox()->setCurrentIndex(1); // Family
    QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
    QVERIFY(s.sentContains(u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                           "<item jid='lady@capulet.lit' name='Lady Capulet'>"
                           "<group>Family</group></item></query></iq>"_s));
    s.transport->inject(
        u"<iq type='result' id='%1'/>"_s.arg(s.transport->lastSent().attribute(u"id")));
    QVERIFY(s.sentContains(u"<presence to='lady@capulet.lit' type='subscribe'/>"_s));
    QTRY_VERIFY(!s.window->addContactDialog());

    // A new group typed in the picker; no presence request.
    s.transport->clearSent();
    s.window->showAddContactDialog();
    dialog = s.window->addContactDialog();
    QTest::keyClicks(dialog->jidEdit(), u"friar.john@verona.lit"_s);
    dialog->groupBox()->setEditText(u"Church"_s);
    dialog->requestBox()->setChecked(false);
    dialog->okButton()->click();
    QVERIFY(s.sentContains(u"<iq type='set'><query xmlns='jabber:iq:roster'>"
                           "<item jid='friar.john@verona.lit'><group>Church</group></item>"
                           "</query></iq>"_s));
    s.transport->inject(
        u"<iq type='result' id='%1'/>"_s.arg(s.transport->lastSent().attribute(u"id")));
    QCOMPARE(s.transport->sent().size(), 1);
}

void tst_RosterWindow::addDialogPrefill()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    s.window->showAddContactDialog(jid(u"friar.john@verona.lit/cell"_s));
    AddContactDialog *dialog = s.window->addContactDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->jidEdit()->text(), u"friar.john@verona.lit"_s);
    QVERIFY(dialog->okButton()->isEnabled());
    // Asked again while open: the same dialog, the new address.
    s.window->showAddContactDialog(jid(u"lady@capulet.lit"_s));
    QCOMPARE(s.window->addContactDialog(), dialog);
    QCOMPARE(dialog->jidEdit()->text(), u"lady@capulet.lit"_s);
}

void tst_RosterWindow::subscriptionNoticeAccept()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    QVERIFY(s.window->notices().isEmpty());
    s.transport->inject(u"<presence from='lady@capulet.lit' type='subscribe'>"
                        "<status>It is your mother, open!</status></presence>"_s);
    s.transport->inject(u"<presence from='citizen@verona.lit' type='subscribe'/>"_s);
    QCOMPARE(s.window->notices().size(), 2);
    SubscriptionNotice *stranger = s.window->notices().first();
    QCOMPARE(stranger->from(), jid(u"lady@capulet.lit"_s));
    QVERIFY(stranger->text().contains(u"It is your mother, open!"_s));
    QCOMPARE(stranger->acceptButton()->text(), u"&Accept and add"_s);
    QCOMPARE(s.window->notices().last()->acceptButton()->text(), u"&Accept"_s);

    QTest::mouseClick(stranger->acceptButton(), Qt::LeftButton);
    QVERIFY(s.sentContains(u"<presence to='lady@capulet.lit' type='subscribed'/>"_s));
    QVERIFY(s.sentContains(u"<presence to='lady@capulet.lit' type='subscribe'/>"_s));
    QCOMPARE(s.window->notices().size(), 1);
    QCOMPARE(s.window->notices().first()->from(), jid(u"citizen@verona.lit"_s));
}

void tst_RosterWindow::subscriptionNoticeDeny()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    s.transport->inject(u"<presence from='tybalt@capulet.lit' type='subscribe'/>"_s);
    QCOMPARE(s.window->notices().size(), 1);
    // Rich text in the notice comes only from us: a name with markup stays text.
    s.transport->inject(u"<presence from='evil@verona.lit' type='subscribe'>"
                        "<status>&lt;b&gt;bold&lt;/b&gt;&lt;img src='http://x/y.png'&gt;</status>"
                        "</presence>"_s);
    QCOMPARE(s.window->notices().size(), 2);
    QVERIFY(s.window->notices().last()->text().contains(u"&lt;img"_s));
    QTest::mouseClick(s.window->notices().first()->denyButton(), Qt::LeftButton);
    QVERIFY(s.sentContains(u"<presence to='tybalt@capulet.lit' type='unsubscribed'/>"_s));
    QCOMPARE(s.window->notices().size(), 1);
    QCOMPARE(s.window->notices().first()->from(), jid(u"evil@verona.lit"_s));
}

void tst_RosterWindow::statusSelectorSendsPresence()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    StatusSelector *selector = s.window->statusSelector();
    const int away = selector->findData(int(Status::Away));
    QVERIFY(away >= 0);
    // As the keyboard does it: choose and activate.
    selector->setFocus();
    selector->setCurrentIndex(away);
    Q_EMIT selector->activated(away);
    QVERIFY(s.sentContains(u"<presence><show>away</show></presence>"_s));
    QCOMPARE(s.presence->status(), Status::Away);
    const int dnd = selector->findData(int(Status::DoNotDisturb));
    selector->setCurrentIndex(dnd);
    Q_EMIT selector->activated(dnd);
    QVERIFY(s.sentContains(u"<presence><show>dnd</show></presence>"_s));
    QCOMPARE(selector->status(), Status::DoNotDisturb);
}

void tst_RosterWindow::statusMessageEnterApplies()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    QTest::keyClicks(s.window->statusMessageEdit(), u"Wherefore art thou?"_s);
    QVERIFY(s.transport->sent().isEmpty()); // not while typing
    QTest::keyClick(s.window->statusMessageEdit(), Qt::Key_Return);
    QVERIFY(s.sentContains(u"<presence><status>Wherefore art thou?</status></presence>"_s));
    QCOMPARE(s.presence->statusMessage(), u"Wherefore art thou?"_s);
}

void tst_RosterWindow::invisibleOfferedOnlyWhenSupported()
{
    {
        Scenario &s = *m_scenario;
        s.createWindow();
        QVERIFY(!s.window->statusSelector()->isInvisibleAvailable());
        s.logIn(Roster, false);
        QVERIFY(!s.window->statusSelector()->isInvisibleAvailable());
    }
    m_scenario = std::make_unique<Scenario>();
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn(Roster, true);
    StatusSelector *selector = s.window->statusSelector();
    QVERIFY(selector->isInvisibleAvailable());
    const int invisible = selector->findData(int(Status::Invisible));
    QCOMPARE(invisible, selector->findData(int(Status::Offline)) - 1);
    selector->setCurrentIndex(invisible);
    Q_EMIT selector->activated(invisible);
    QVERIFY(s.sentContains(u"<iq type='set'><invisible xmlns='urn:xmpp:invisible:0'/></iq>"_s));
}

void tst_RosterWindow::offlineKeepsContactsGreyed()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    StatusSelector *selector = s.window->statusSelector();
    QVERIFY(!s.window->view()->rosterDelegate()->isGreyedOut());
    const int offline = selector->findData(int(Status::Offline));
    selector->setCurrentIndex(offline);
    Q_EMIT selector->activated(offline);
    QCOMPARE(s.account->state(), Account::State::Offline);
    QVERIFY(s.window->view()->rosterDelegate()->isGreyedOut());
    // Everybody is offline now, yet all 25 are listed.
    int rows = 0;
    for (int row = 0; row < s.proxy()->rowCount(); ++row)
        rows += s.proxy()->rowCount(s.proxy()->index(row, 0));
    QCOMPARE(rows, 26); // Romeo is in two groups
    QCOMPARE(selector->status(), Status::Offline);
}

void tst_RosterWindow::unreadBadgeAndTooltip()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.model->setUnreadCount(jid(u"tybalt@capulet.lit"_s), 3); // offline, but unread
    const QModelIndex tybalt = s.proxyContact(u"tybalt@capulet.lit"_s);
    QVERIFY(tybalt.isValid());
    QCOMPARE(tybalt.data(RosterModel::UnreadRole).toInt(), 3);
    const QString tip = RosterDelegate::toolTip(tybalt);
    QVERIFY(tip.contains(u"Unread messages: 3"_s));
    QVERIFY(tip.contains(u"tybalt@capulet.lit"_s));
    QCOMPARE(RosterDelegate::badgeText(3), u"3"_s);
    QCOMPARE(RosterDelegate::badgeText(250), u"99+"_s);
    // Status text from the network is escaped in tooltips.
    s.transport->inject(u"<presence from='mercutio@verona.lit/street'>"
                        "<status>&lt;a href='http://evil'&gt;x&lt;/a&gt;</status></presence>"_s);
    const QString mercutioTip = RosterDelegate::toolTip(s.proxyContact(u"mercutio@verona.lit"_s));
    QVERIFY(mercutioTip.contains(u"&lt;a href="_s));
    QVERIFY(!mercutioTip.contains(u"<a href"_s));
}

void tst_RosterWindow::contactInfoAsksClients()
{
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    s.window->showContactInfo(jid(u"romeo@montague.lit"_s));
    auto *dialog = openDialog<ContactInfoDialog>(s.window.get());
    QVERIFY(dialog);
    QTreeWidget *list = dialog->resourceList();
    QCOMPARE(list->topLevelItemCount(), 2);
    QCOMPARE(list->topLevelItem(0)->text(ContactInfoDialog::ResourceColumn), u"orchard"_s);
    QCOMPARE(list->topLevelItem(0)->text(ContactInfoDialog::PriorityColumn), u"5"_s);
    QVERIFY(list->topLevelItem(0)
                ->text(ContactInfoDialog::StatusColumn)
                .contains(u"Under the balcony"_s));
    const XmlElement orchard = s.findSent([](const XmlElement &e) {
        return e.attribute(u"to") == u"romeo@montague.lit/orchard" &&
               e.firstChild().is(ns::Version, u"query");
    });
    const XmlElement phone = s.findSent([](const XmlElement &e) {
        return e.attribute(u"to") == u"romeo@montague.lit/phone" &&
               e.firstChild().is(ns::Version, u"query");
    });
    QVERIFY(!orchard.isNull());
    QVERIFY(!phone.isNull());
    QCOMPARE(dialog->clientText(jid(u"romeo@montague.lit/orchard"_s)), u"Asking…"_s);
    s.transport->inject(
        u"<iq type='result' id='%1' from='romeo@montague.lit/orchard'>"
        "<query xmlns='jabber:iq:version'><name>Gajim</name>"
        "<version>1.8.4</version><os>Debian 12</os></query></iq>"_s.arg(orchard.attribute(u"id")));
    s.transport->inject(
        u"<iq type='error' id='%1' from='romeo@montague.lit/phone'>"
        "<error type='cancel'><service-unavailable "
        "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>"_s.arg(phone.attribute(u"id")));
    QCOMPARE(dialog->clientText(jid(u"romeo@montague.lit/orchard"_s)),
             u"Gajim 1.8.4 on Debian 12"_s);
    QVERIFY(dialog->clientText(jid(u"romeo@montague.lit/phone"_s)).startsWith(u"Unknown"_s));
    QCOMPARE(list->topLevelItem(0)->text(ContactInfoDialog::ClientColumn),
             u"Gajim 1.8.4 on Debian 12"_s);
    // Presence changes while open: the phone leaves.
    s.transport->inject(u"<presence from='romeo@montague.lit/phone' type='unavailable'/>"_s);
    QCOMPARE(list->topLevelItemCount(), 1);
    dialog->close();
}

void tst_RosterWindow::timingHundredThousandContactsInTheWindow()
{
    // Not a pass/fail benchmark: how long the window takes, view included, for the figures in
    // tst_rostermodel (processor / wall clock).
    constexpr int Contacts = 100'000;
    const QStringList groups = {u"Family"_s,     u"Friends"_s, u"Work"_s,  u"Football"_s,
                                u"Neighbours"_s, u"School"_s,  u"Choir"_s, u"Clients"_s};
    RosterQuery query;
    for (int i = 0; i < Contacts; ++i) {
        RosterItem item;
        item.jid = Jid::fromParts(u"contact%1"_s.arg(i), u"example.org"_s);
        item.name = u"Contact %1"_s.arg(i);
        item.subscription = RosterItem::Subscription::Both;
        if (i % 10 != 0)
            item.groups << groups.at(i % groups.size());
        query.items.append(item);
    }
    Scenario &s = *m_scenario;
    s.tester.reset(); // it re-checks the whole model on every signal
    s.createWindow();
    s.window->showOfflineAction()->setChecked(true);
    s.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    s.presence->setStatus(Status::Available, QString());
    const XmlElement get =
        s.findSent([](const XmlElement &e) { return e.firstChild().is(ns::Roster, u"query"); });
    XmlElement result(ns::Client, u"iq"_s);
    result.setAttribute(u"type"_s, u"result"_s);
    result.setAttribute(u"id"_s, get.attribute(u"id"));
    result.appendChild(query.toElement());

    const auto cpu = [] { return double(std::clock()) * 1000.0 / CLOCKS_PER_SEC; };
    const auto measure = [&](const std::function<void()> &step) {
        QElapsedTimer wall;
        wall.start();
        const double start = cpu();
        step();
        // Until the view has laid out and painted.
        s.window->view()->viewport()->repaint();
        QCoreApplication::processEvents();
        return u"%1 / %2 ms"_s.arg(QString::number(cpu() - start, 'f', 1),
                                   QString::number(double(wall.nsecsElapsed()) / 1e6, 'f', 1));
    };
    const QString load = measure([&] { s.transport->inject(result); });
    QCOMPARE(s.model->contactCount(), Contacts);
    const QString first = measure([&] { QTest::keyClick(s.window->filterEdit(), Qt::Key_C); });
    const QString second = measure([&] { QTest::keyClick(s.window->filterEdit(), Qt::Key_7); });
    const QString cleared = measure([&] { s.window->filterEdit()->clear(); });
    const QString presence =
        measure([&] { s.transport->inject(u"<presence from='contact4242@example.org/x'/>"_s); });
    qInfo().noquote() << u"window with %1 contacts, view painted, processor / wall clock: load "
                         "%2; filter 'c' %3; 'c7' %4; cleared %5; one presence %6"_s.arg(Contacts)
                             .arg(load, first, second, cleared, presence);
}

void tst_RosterWindow::screenshots_data()
{
    QTest::addColumn<bool>("dark");
    QTest::addColumn<bool>("longStrings");
    QTest::newRow("light") << false << false;
    QTest::newRow("dark") << true << false;
    QTest::newRow("light-long") << false << true;
    QTest::newRow("dark-long") << true << true;
}

void tst_RosterWindow::screenshots()
{
    QFETCH(bool, dark);
    QFETCH(bool, longStrings);
    QApplication::setPalette(dark ? test::darkPalette() : test::lightPalette());
    Scenario &s = *m_scenario;
    s.createWindow();
    QString roster = Roster;
    if (longStrings) {
        // Twice as long, as German tends to be, and a name that cannot fit.
        roster.replace(u"name='Friar Laurence'"_s,
                       u"name='Bruder Lorenzo, Franziskanermönch und Apotheker'"_s);
        roster.replace(u"<group>Work</group>"_s,
                       u"<group>Arbeitskolleginnen und Arbeitskollegen</group>"_s);
        s.window->setOwnName(u"Julia Capulet, einzige Tochter des Hauses Capulet"_s);
    }
    s.logIn(roster);
    if (longStrings) {
        s.transport->inject(u"<presence from='laurence@verona.lit/cell'><show>away</show>"
                            "<status>Sammle Kräuter im Klostergarten, bin gegen Abend zurück"
                            "</status></presence>"_s);
    }
    s.model->setUnreadCount(jid(u"romeo@montague.lit"_s), 2);
    s.model->setUnreadCount(jid(u"tybalt@capulet.lit"_s), 1);
    s.model->setUnreadCount(jid(u"paris@verona.lit"_s), 128);
    s.transport->inject(u"<presence from='lady@capulet.lit' type='subscribe'>"
                        "<status>It is your mother. Open the door!</status></presence>"_s);
    s.presence->setStatus(Status::Away, u"On the balcony"_s);
    s.window->statusMessageEdit()->setText(s.presence->statusMessage());
    s.window->showOfflineAction()->setChecked(true);
    s.window->view()->setGroupExpanded(u"Verona"_s, false);
    s.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));
    s.window->view()->setCurrentIndex(s.proxyContact(u"mercutio@verona.lit"_s));
    const QString name = u"roster-window-"_s + QString::fromLatin1(QTest::currentDataTag());
    QVERIFY(!test::saveScreenshot(s.window.get(), name).isEmpty() ||
            qEnvironmentVariableIsEmpty("NATTER_SCREENSHOT_DIR"));

    // Filtering, and the context menu of a contact.
    QTest::keyClicks(s.window->filterEdit(), u"ro"_s);
    test::saveScreenshot(s.window.get(), name + u"-filtered"_s);
    s.window->filterEdit()->clear();
    std::unique_ptr<QMenu> menu(s.window->createContextMenu(jid(u"rosaline@verona.lit"_s)));
    menu->popup(s.window->mapToGlobal(QPoint(s.window->width() / 3, s.window->height() / 2)));
    QVERIFY(QTest::qWaitForWindowExposed(menu.get()));
    test::saveScreenshot(menu.get(),
                         u"roster-menu-"_s + QString::fromLatin1(QTest::currentDataTag()));
    menu->close();

    // Offline: greyed.
    s.presence->setStatus(Status::Offline, QString());
    test::saveScreenshot(s.window.get(), name + u"-offline"_s);
}

void tst_RosterWindow::dialogScreenshots_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void tst_RosterWindow::dialogScreenshots()
{
    QFETCH(bool, dark);
    QApplication::setPalette(dark ? test::darkPalette() : test::lightPalette());
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    Scenario &s = *m_scenario;
    s.createWindow();
    s.logIn();
    s.window->show();
    QVERIFY(QTest::qWaitForWindowExposed(s.window.get()));

    s.window->showAddContactDialog();
    AddContactDialog *add = s.window->addContactDialog();
    QTest::keyClicks(add->jidEdit(), u"lady capulet@capulet.lit"_s);
    QVERIFY(QTest::qWaitForWindowExposed(add));
    test::saveScreenshot(add, u"add-contact-error-"_s + tag);
    add->jidEdit()->clear();
    QTest::keyClicks(add->jidEdit(), u"lady@capulet.lit"_s);
    QTest::keyClicks(add->nameEdit(), u"Lady Capulet"_s);
    add->groupBox()->setCurrentIndex(1);
    test::saveScreenshot(add, u"add-contact-"_s + tag);
    add->jidEdit()->clear();
    QTest::keyClicks(add->jidEdit(), u"romeo@montague.lit"_s);
    test::saveScreenshot(add, u"add-contact-existing-"_s + tag);
    add->reject();

    s.window->editGroups(jid(u"romeo@montague.lit"_s));
    auto *groups = openDialog<EditGroupsDialog>(s.window.get());
    groups->addGroup(u"Montague"_s);
    QVERIFY(QTest::qWaitForWindowExposed(groups));
    test::saveScreenshot(groups, u"edit-groups-"_s + tag);
    groups->reject();

    s.window->showContactInfo(jid(u"romeo@montague.lit"_s));
    auto *info = openDialog<ContactInfoDialog>(s.window.get());
    QVERIFY(QTest::qWaitForWindowExposed(info));
    const XmlElement orchard = s.findSent(
        [](const XmlElement &e) { return e.attribute(u"to") == u"romeo@montague.lit/orchard"; });
    s.transport->inject(
        u"<iq type='result' id='%1' from='romeo@montague.lit/orchard'>"
        "<query xmlns='jabber:iq:version'><name>Gajim</name>"
        "<version>1.8.4</version><os>Debian 12</os></query></iq>"_s.arg(orchard.attribute(u"id")));
    test::saveScreenshot(info, u"contact-info-"_s + tag);
    info->close();

    s.window->renameContact(jid(u"romeo@montague.lit"_s));
    auto *rename = openDialog<QInputDialog>(s.window.get());
    QVERIFY(QTest::qWaitForWindowExposed(rename));
    test::saveScreenshot(rename, u"rename-contact-"_s + tag);
    rename->reject();

    s.window->removeContact(jid(u"tybalt@capulet.lit"_s));
    auto *remove = openDialog<QMessageBox>(s.window.get());
    QVERIFY(QTest::qWaitForWindowExposed(remove));
    test::saveScreenshot(remove, u"remove-contact-"_s + tag);
    remove->reject();
}

QTEST_MAIN(tst_RosterWindow)
#include "tst_rosterwindow.moc"
