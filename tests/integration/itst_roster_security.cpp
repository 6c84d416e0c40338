// SPDX-License-Identifier: GPL-3.0-or-later
// Roster pushes that do not come from the user's own account (RFC 6121 §2.1.6), sent through the
// real Prosody of the test fixture: another user, or another resource of the same account, sends
// eve's client a roster "push". Eve must answer with an error and leave her roster alone.
#include "TestServer.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/RosterExtension.h"
#include "xml/Namespaces.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

const QString EvilJid = u"evil@example.test"_s;
const QString VictimJid = u"rostersec-victim@localhost"_s;
const QString LegitJid = u"rostersec-legit@localhost"_s;

bool waitSettled(Account &account)
{
    return QTest::qWaitFor(
        [&] {
            return account.state() == Account::State::Online ||
                   account.state() == Account::State::Error ||
                   account.state() == Account::State::Offline;
        },
        30000);
}

} // namespace

class tst_RosterSecurity : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;
    std::unique_ptr<Account> m_eve;
    StandardExtensions m_eveExt;
    std::unique_ptr<Account> m_mallory;
    std::unique_ptr<Account> m_eveOther; // eve's second resource
    std::optional<IqResult> m_result;

    std::unique_ptr<Account> makeAccount(const QString &user, const QString &resource)
    {
        auto account = std::make_unique<Account>();
        account->setSettings(m_server.settings(user, resource));
        return account;
    }

    // A roster set with one item, as a server would push it.
    static Iq rosterPush(const Jid &to, const QString &itemJid, bool removal)
    {
        XmlElement item(ns::Roster, u"item"_s);
        item.setAttribute(u"jid"_s, itemJid);
        if (removal)
            item.setAttribute(u"subscription"_s, u"remove"_s);
        else
            item.setAttribute(u"name"_s, u"Evil"_s);
        XmlElement query(ns::Roster, u"query"_s);
        query.appendChild(item);
        Iq iq(Iq::Type::Set, query);
        iq.setTo(to);
        return iq;
    }

    // Sends a roster set from eve's own account and waits for the server's answer.
    bool eveRosterSet(const RosterItem &item, bool removal)
    {
        std::optional<bool> ok;
        QObject guard; // no callback into this frame once it is gone
        const auto done = [&ok](const IqResult &r) { ok = r.ok(); };
        if (removal)
            m_eveExt.roster->remove(item.jid, &guard, done);
        else
            m_eveExt.roster->addOrUpdate(item, &guard, done);
        return QTest::qWaitFor([&] { return ok.has_value(); }, 15000) && *ok;
    }

    bool eveRefetch()
    {
        QSignalSpy loaded(m_eveExt.roster, &RosterExtension::loaded);
        m_eveExt.roster->fetch();
        return loaded.wait(15000) || loaded.size() > 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
    }

    void init()
    {
        m_result.reset();
        m_eve = makeAccount(u"eve"_s, u"rostersec"_s);
        m_eveExt = StandardExtensions::install(m_eve.get());
        m_mallory = makeAccount(u"mallory"_s, u"rostersec"_s);
        m_eveOther = makeAccount(u"eve"_s, u"rostersec-other"_s);
        for (Account *a : {m_eve.get(), m_mallory.get(), m_eveOther.get()}) {
            a->connectToServer();
            QVERIFY(waitSettled(*a));
            QCOMPARE(a->state(), Account::State::Online);
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_eveExt.roster->isLoaded(), 15000);

        // Known state: no evil item, no legit item, the victim present.
        for (const QString &jid : {EvilJid, LegitJid}) {
            if (m_eveExt.roster->contains(Jid::fromString(jid))) {
                RosterItem item;
                item.jid = Jid::fromString(jid);
                QVERIFY(eveRosterSet(item, true));
            }
        }
        RosterItem victim;
        victim.jid = Jid::fromString(VictimJid);
        victim.name = u"Victim"_s;
        QVERIFY(eveRosterSet(victim, false));
        QVERIFY(eveRefetch());
        QVERIFY(!m_eveExt.roster->contains(Jid::fromString(EvilJid)));
        QVERIFY(!m_eveExt.roster->contains(Jid::fromString(LegitJid)));
        QVERIFY(m_eveExt.roster->contains(Jid::fromString(VictimJid)));
    }

    void cleanup()
    {
        if (m_eve && m_eve->isOnline() && m_eveExt.roster->contains(Jid::fromString(VictimJid))) {
            RosterItem victim;
            victim.jid = Jid::fromString(VictimJid);
            if (!eveRosterSet(victim, true))
                qWarning() << "could not remove" << VictimJid;
        }
        for (Account *a : {m_eve.get(), m_mallory.get(), m_eveOther.get()}) {
            if (a && a->state() != Account::State::Offline && a->state() != Account::State::Error) {
                a->disconnectFromServer();
                const bool closed = QTest::qWaitFor(
                    [a] {
                        return a->state() == Account::State::Offline ||
                               a->state() == Account::State::Error;
                    },
                    10000);
                if (!closed)
                    qWarning() << "still not offline:" << a->jid().toString();
            }
        }
        m_eveOther.reset();
        m_mallory.reset();
        m_eveExt = {};
        m_eve.reset();
    }

    void pushFromAnyoneButTheAccountIsRefused_data()
    {
        QTest::addColumn<QString>("sender"); // "mallory" or "eve-other"
        QTest::addColumn<bool>("toFullJid"); // else eve's bare JID: the server answers
        QTest::addColumn<bool>("removal");   // remove the victim instead of adding evil@
        QTest::addColumn<QString>("condition");

        QTest::newRow("another user adds, to the full JID")
            << u"mallory"_s << true << false << u"service-unavailable"_s;
        QTest::newRow("another user removes, to the full JID")
            << u"mallory"_s << true << true << u"service-unavailable"_s;
        QTest::newRow("another user adds, to the bare JID")
            << u"mallory"_s << false << false << u"service-unavailable"_s;
        QTest::newRow("own other resource adds, to the full JID")
            << u"eve-other"_s << true << false << u"service-unavailable"_s;
    }

    void pushFromAnyoneButTheAccountIsRefused()
    {
        QFETCH(QString, sender);
        QFETCH(bool, toFullJid);
        QFETCH(bool, removal);
        QFETCH(QString, condition);
        Account *from = sender == u"mallory" ? m_mallory.get() : m_eveOther.get();
        const Jid to = toFullJid ? m_eve->jid() : m_eve->jid().bare();
        QVERIFY(to.isFull() == toFullJid);

        QSignalSpy added(m_eveExt.roster, &RosterExtension::itemAdded);
        QSignalSpy changed(m_eveExt.roster, &RosterExtension::itemChanged);
        QSignalSpy removed(m_eveExt.roster, &RosterExtension::itemRemoved);
        QSignalSpy loaded(m_eveExt.roster, &RosterExtension::loaded);
        const QList<RosterItem> before = m_eveExt.roster->items();

        from->request(rosterPush(to, removal ? VictimJid : EvilJid, removal), this,
                      [this](const IqResult &r) { m_result = r; });
        QTRY_VERIFY_WITH_TIMEOUT(m_result.has_value(), 15000);
        QCOMPARE(m_result->status, IqResult::Status::Error);
        QCOMPARE(m_result->error.conditionName(), condition);
        QCOMPARE(m_result->error.type(), StanzaError::Type::Cancel);
        QCOMPARE(m_result->response.from(), to);

        // Nothing changed, neither in eve's client nor on the server.
        QCOMPARE(added.size(), 0);
        QCOMPARE(changed.size(), 0);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(loaded.size(), 0);
        QCOMPARE(m_eveExt.roster->items(), before);
        QVERIFY(!m_eveExt.roster->contains(Jid::fromString(EvilJid)));
        QVERIFY(m_eveExt.roster->contains(Jid::fromString(VictimJid)));
        QVERIFY(eveRefetch());
        QVERIFY(!m_eveExt.roster->contains(Jid::fromString(EvilJid)));
        QVERIFY(m_eveExt.roster->contains(Jid::fromString(VictimJid)));
        QCOMPARE(m_eveExt.roster->item(Jid::fromString(VictimJid))->name, u"Victim"_s);

        // Eve's own roster changes still work, and arrive as pushes.
        QSignalSpy addedLater(m_eveExt.roster, &RosterExtension::itemAdded);
        RosterItem legit;
        legit.jid = Jid::fromString(LegitJid);
        legit.name = u"Legit"_s;
        legit.groups = QStringList{u"Friends"_s};
        QVERIFY(eveRosterSet(legit, false));
        QTRY_COMPARE_WITH_TIMEOUT(addedLater.size(), 1, 15000);
        const auto item = addedLater.first().first().value<RosterItem>();
        QCOMPARE(item.jid, legit.jid);
        QCOMPARE(item.name, u"Legit"_s);
        QCOMPARE(item.groups, QStringList{u"Friends"_s});
        QVERIFY(m_eveExt.roster->contains(legit.jid));

        QSignalSpy removedLater(m_eveExt.roster, &RosterExtension::itemRemoved);
        QVERIFY(eveRosterSet(legit, true));
        QTRY_COMPARE_WITH_TIMEOUT(removedLater.size(), 1, 15000);
        QVERIFY(!m_eveExt.roster->contains(legit.jid));
    }
};

QTEST_GUILESS_MAIN(tst_RosterSecurity)
#include "itst_roster_security.moc"
