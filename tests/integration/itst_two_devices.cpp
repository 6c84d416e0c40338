// SPDX-License-Identifier: GPL-3.0-or-later
// Two devices of one account against the real Prosody (mod_carbons, mod_mam), each running the
// app's Session (ChatService, HistorySync, MessageStore; carbons on): what one sends to a contact
// shows on the other as our own outgoing message in the contact's conversation, and is stored
// there; the contact's replies — to our bare JID (delivered to both) and to one device's full JID
// (a carbon for the other) — show on both. Each exactly once, also after the other device logs
// in again and catches up from the archive.
#include "SessionClient.h"
#include "TestServer.h"

#include "account/Account.h"
#include "account/StandardExtensions.h"
#include "ext/MessageExtension.h"
#include "ext/PresenceExtension.h"
#include "models/ConversationModel.h"
#include "services/ChatService.h"
#include "storage/MessageStore.h"

#include <QSignalSpy>
#include <QTest>

using namespace natter;
using namespace Qt::StringLiterals;

namespace {

constexpr int Timeout = 20000;

// The contact: a plain account, so that the test chooses where its replies go.
struct Contact
{
    Account account;
    StandardExtensions ext;
    QStringList bodies; // what it received

    explicit Contact(const ConnectionSettings &settings)
    {
        account.setSettings(settings);
        ext = StandardExtensions::install(&account);
        QObject::connect(ext.messages, &MessageExtension::messageReceived, &account,
                         [this](const Message &m) {
                             if (m.hasBody())
                                 bodies.append(m.body());
                         });
    }

    ~Contact()
    {
        if (account.state() == Account::State::Offline)
            return;
        account.disconnectFromServer();
        if (!QTest::qWaitFor([&] { return account.state() == Account::State::Offline; }, Timeout))
            qWarning("%s did not go offline in time", qPrintable(account.jid().toString()));
    }

    bool login()
    {
        account.connectToServer();
        return QTest::qWaitFor([&] { return ext.presence->isAvailable(); }, Timeout);
    }
};

} // namespace

class tst_TwoDevices : public QObject
{
    Q_OBJECT

private:
    TestServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        if (!m_server.isValid())
            QFAIL(qPrintable(m_server.why()));
    }

    void eachDeviceShowsTheWholeConversationOnce()
    {
        const QString me = m_server.registerFreshUser(u"twodev"_s);
        const QString them = m_server.registerFreshUser(u"contact"_s);
        QVERIFY(!me.isEmpty() && !them.isEmpty());
        const QString word = u"w"_s + me;
        const Jid contactJid = Jid::fromString(m_server.jid(them));
        const QString peer = contactJid.toString();

        SessionClient desk(m_server.settings(me, u"desk"_s));
        SessionClient phone(m_server.settings(me, u"phone"_s));
        Contact contact(m_server.settings(them, u"home"_s));
        QVERIFY(desk.login());
        QVERIFY(phone.login());
        QVERIFY(contact.login());
        ChatService *deskChats = desk.session().chats();
        ChatService *phoneChats = phone.session().chats();

        // The phone has the chat open; the desk writes.
        ConversationModel *phoneView = phoneChats->conversation(contactJid);
        QCOMPARE(phoneView->rowCount(), 0);
        const QString first = word + u" sent from the desk"_s;
        const QString id = deskChats->sendMessage(contactJid, first);
        QVERIFY(!id.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(contact.bodies, QStringList{first}, Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(phoneView->rowCount(), 1, Timeout);
        const ChatMessage copy = phoneView->messages().first();
        QCOMPARE(copy.body, first);
        QCOMPARE(copy.direction, ChatMessage::Direction::Outgoing);
        QCOMPARE(copy.peer, contactJid);
        QCOMPARE(copy.id, id);
        QCOMPARE(copy.from, desk.account()->jid());
        QCOMPARE(phoneChats->unreadCount(contactJid), 0); // ours: nothing to read
        const auto stored = phone.session().messageStore()->find(contactJid, id);
        QVERIFY(stored);
        QCOMPARE(stored->message.direction, ChatMessage::Direction::Outgoing);
        QCOMPARE(stored->originId, id);

        // The contact answers our bare JID: the server delivers it to both devices.
        const QString reply = word + u" reply to the account"_s;
        QVERIFY(contact.ext.messages->sendChat(Jid::fromString(m_server.jid(me)), reply));
        // And then the desk only: the phone gets a carbon.
        const QString second = word + u" reply to the desk"_s;
        QVERIFY(contact.ext.messages->sendChat(desk.account()->jid(), second));

        QTRY_COMPARE_WITH_TIMEOUT(phone.messagesWith(second).size(), 2, Timeout); // store, chat

        // The phone writes too.
        const QString third = word + u" sent from the phone"_s;
        QVERIFY(!phoneChats->sendMessage(contactJid, third).isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(contact.bodies, (QStringList{first, third}), Timeout);

        const QStringList expected{
            u"out %1 %2"_s.arg(peer, first),
            u"in %1 %2"_s.arg(peer, reply),
            u"in %1 %2"_s.arg(peer, second),
            u"out %1 %2"_s.arg(peer, third),
        };
        const auto bothShowAll = [&](const QString &where) {
            QStringList prefixed;
            for (const QString &line : expected)
                prefixed.append(where + u' ' + line);
            return prefixed;
        };
        // In each store, and in each device's chat as they came.
        QTRY_COMPARE_WITH_TIMEOUT(phone.messagesWith(word),
                                  bothShowAll(u"store"_s) + bothShowAll(u"chat"_s), Timeout);
        QTRY_COMPARE_WITH_TIMEOUT(desk.messagesWith(word),
                                  bothShowAll(u"store"_s) + bothShowAll(u"chat"_s), Timeout);
        QCOMPARE(phoneChats->unreadCount(contactJid), 2);
        QCOMPARE(deskChats->unreadCount(contactJid), 2);

        // The phone logs in again and catches up from the archive, which holds all four: it shows
        // none of them a second time.
        QVERIFY(phone.logout());
        QVERIFY(phone.login());
        QCOMPARE(phone.messagesWith(word), bothShowAll(u"store"_s) + bothShowAll(u"chat"_s));
        QVERIFY(desk.logout());
        QVERIFY(desk.login());
        QCOMPARE(desk.messagesWith(word), bothShowAll(u"store"_s) + bothShowAll(u"chat"_s));
        QCOMPARE(contact.bodies, (QStringList{first, third}));
    }

    // A chat started on the desk with someone the phone never talked to appears in the phone's
    // list of chats (conversationAdded), with the message as ours — not only once the contact
    // answers or the user happens to open that chat.
    void aChatStartedOnAnotherDeviceIsListed()
    {
        const QString me = m_server.registerFreshUser(u"twodev"_s);
        const QString them = m_server.registerFreshUser(u"newcontact"_s);
        QVERIFY(!me.isEmpty() && !them.isEmpty());
        const Jid contactJid = Jid::fromString(m_server.jid(them));

        SessionClient desk(m_server.settings(me, u"desk"_s));
        SessionClient phone(m_server.settings(me, u"phone"_s));
        QVERIFY(desk.login());
        QVERIFY(phone.login());
        ChatService *phoneChats = phone.session().chats();
        QSignalSpy added(phoneChats, &ChatService::conversationAdded);

        const QString text = u"w"_s + me + u" hello, new contact"_s;
        QVERIFY(!desk.session().chats()->sendMessage(contactJid, text).isEmpty());
        // Stored on the phone as ours first: then the chat list is what is checked.
        QTRY_VERIFY_WITH_TIMEOUT(phone.messagesWith(text).contains(
                                     u"store out %1 %2"_s.arg(contactJid.toString(), text)),
                                 Timeout);
        QCOMPARE(added.size(), 1);
        QCOMPARE(added.first().first().value<Jid>(), contactJid);
        QVERIFY(phoneChats->conversations().contains(contactJid));
        QCOMPARE(phone.messagesWith(text),
                 (QStringList{u"store out %1 %2"_s.arg(contactJid.toString(), text),
                              u"chat out %1 %2"_s.arg(contactJid.toString(), text)}));
        QCOMPARE(phoneChats->unreadCount(contactJid), 0);
    }
};

QTEST_GUILESS_MAIN(tst_TwoDevices)
#include "itst_two_devices.moc"
