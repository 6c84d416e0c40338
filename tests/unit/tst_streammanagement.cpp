// SPDX-License-Identifier: GPL-3.0-or-later
#include "FakeTransport.h"
#include "stream/StreamManagement.h"
#include "xml/Namespaces.h"
#include "xml/XmlElement.h"

#include <QTest>

#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

namespace natter {

char *toString(const XmlElement &element)
{
    return qstrdup(element.isNull() ? "(null)" : element.toXml().constData());
}

} // namespace natter

using namespace natter;

namespace {

XmlElement xml(const QString &text)
{
    const XmlElement element = FakeTransport::parse(text);
    if (element.isNull())
        qFatal("test data is not one well-formed element: %s", qPrintable(text));
    return element;
}

// <message id='mN'/>: distinguishable stanzas.
XmlElement message(int n)
{
    return xml(u"<message to='juliet@example.com' id='m%1'><body>%1</body></message>"_s.arg(n));
}

QStringList ids(const QList<XmlElement> &stanzas)
{
    QStringList out;
    for (const XmlElement &stanza : stanzas)
        out.append(stanza.attribute(u"id"));
    return out;
}

QStringList ids(const std::optional<QList<XmlElement>> &stanzas)
{
    return stanzas ? ids(*stanzas) : QStringList{u"(nullopt)"_s};
}

QStringList unackedIds(const StreamManagement &sm)
{
    QStringList out;
    for (const StreamManagement::Outbound &o : sm.unacked())
        out.append(u"%1:%2"_s.arg(o.sequence).arg(o.stanza.attribute(u"id")));
    return out;
}

// Enabled with resumption, then n stanzas m1…mn sent.
void enableAndSend(StreamManagement &sm, int n)
{
    sm.enableRequested();
    sm.enabled(u"x"_s, true, 300, {});
    for (int i = 1; i <= n; ++i)
        sm.stanzaSent(message(i));
}

// Compiles the wrap-around test only once StreamManagement has a way to start the outbound
// counters near 2^32 (see the test).
template<typename T>
concept HasAcknowledgedCountHook = requires(T sm)
{
    sm.setAcknowledgedCountForTests(0u);
};

} // namespace

class TestStreamManagement : public QObject
{
    Q_OBJECT

private slots:
    void countsOnlyStanzas_data();
    void countsOnlyStanzas();
    void doesNotCountBeforeEnable();
    void numbersStanzasFromOneAfterEnable();
    void enabledKeepsServerParameters();
    void resumableOnlyWithIdAndResume_data();
    void resumableOnlyWithIdAndResume();
    void acknowledgeRemovesConfirmedStanzas();
    void acknowledgeSameCountChangesNothing();
    void acknowledgeAboveSentIsRefused_data();
    void acknowledgeAboveSentIsRefused();
    void acknowledgeWrapsAround();
    void takeUnackedRenumbersResentStanzas();
    void enableRequestedRestartsCounting();
    void enableFailedStopsCounting();
    void handledCountWrapsAround();
    void resumeElementCarriesHandledAndPrevid();
    void ackElementCarriesHandledCount();
    void enableAndRequestElements();
    void sessionLostReturnsUnackedAndResets();
    void resetForgetsEverything();
};

void TestStreamManagement::countsOnlyStanzas_data()
{
    QTest::addColumn<QString>("namespaceUri");
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("counted");

    QTest::newRow("message") << ns::Client << u"message"_s << true;
    QTest::newRow("presence") << ns::Client << u"presence"_s << true;
    QTest::newRow("iq") << ns::Client << u"iq"_s << true;
    QTest::newRow("message of jabber:server") << u"jabber:server"_s << u"message"_s << false;
    QTest::newRow("message without namespace") << QString() << u"message"_s << false;
    QTest::newRow("sm <r/>") << ns::StreamManagement << u"r"_s << false;
    QTest::newRow("sm <a/>") << ns::StreamManagement << u"a"_s << false;
    QTest::newRow("sm <enable/>") << ns::StreamManagement << u"enable"_s << false;
    QTest::newRow("csi <active/>") << ns::Csi << u"active"_s << false;
    QTest::newRow("stream features") << ns::Stream << u"features"_s << false;
    QTest::newRow("stream error") << ns::Stream << u"error"_s << false;
    QTest::newRow("other jabber:client element") << ns::Client << u"body"_s << false;
    QTest::newRow("names are case-sensitive") << ns::Client << u"Message"_s << false;
}

void TestStreamManagement::countsOnlyStanzas()
{
    QFETCH(QString, namespaceUri);
    QFETCH(QString, name);
    QFETCH(bool, counted);

    QCOMPARE(StreamManagement::isCountedStanza(XmlElement(namespaceUri, name)), counted);
}

void TestStreamManagement::doesNotCountBeforeEnable()
{
    StreamManagement sm;
    sm.stanzaSent(message(1));
    QCOMPARE(sm.sentCount(), 0u);
    QCOMPARE(sm.unackedCount(), qsizetype(0));
    QVERIFY(!sm.isEnabled());
    QVERIFY(!sm.canResume());
}

void TestStreamManagement::numbersStanzasFromOneAfterEnable()
{
    StreamManagement sm;
    sm.enableRequested();
    // Counting starts with <enable/>, before <enabled/> arrives (XEP-0198 §4).
    sm.stanzaSent(message(1));
    sm.enabled(u"x"_s, true, 300, {});
    sm.stanzaSent(message(2));
    sm.stanzaSent(message(3));
    QCOMPARE(sm.sentCount(), 3u);
    QCOMPARE(sm.ackedCount(), 0u);
    QCOMPARE(unackedIds(sm), (QStringList{u"1:m1"_s, u"2:m2"_s, u"3:m3"_s}));
}

void TestStreamManagement::enabledKeepsServerParameters()
{
    StreamManagement sm;
    sm.enableRequested();
    sm.stanzaHandled();
    sm.enabled(u"some-long-sm-id"_s, true, 600, u"[2001:db8::1]:5222"_s);
    QVERIFY(sm.isEnabled());
    QVERIFY(sm.canResume());
    QCOMPARE(sm.resumeId(), u"some-long-sm-id"_s);
    QCOMPARE(sm.maxResumeSeconds(), 600);
    QCOMPARE(sm.location(), u"[2001:db8::1]:5222"_s);
    QCOMPARE(sm.handledCount(), 0u); // <enabled/> starts the inbound count
}

void TestStreamManagement::resumableOnlyWithIdAndResume_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("resumable");
    QTest::addColumn<bool>("canResume");

    QTest::newRow("id and resume") << u"x"_s << true << true;
    QTest::newRow("id without resume") << u"x"_s << false << false;
    QTest::newRow("resume without id") << QString() << true << false;
    QTest::newRow("neither") << QString() << false << false;
}

void TestStreamManagement::resumableOnlyWithIdAndResume()
{
    QFETCH(QString, id);
    QFETCH(bool, resumable);
    QFETCH(bool, canResume);

    StreamManagement sm;
    sm.enableRequested();
    sm.enabled(id, resumable, 0, {});
    QVERIFY(sm.isEnabled());
    QCOMPARE(sm.canResume(), canResume);
}

void TestStreamManagement::acknowledgeRemovesConfirmedStanzas()
{
    StreamManagement sm;
    enableAndSend(sm, 5);

    QCOMPARE(ids(sm.acknowledge(2)), (QStringList{u"m1"_s, u"m2"_s}));
    QCOMPARE(sm.ackedCount(), 2u);
    QCOMPARE(sm.sentCount(), 5u);
    QCOMPARE(unackedIds(sm), (QStringList{u"3:m3"_s, u"4:m4"_s, u"5:m5"_s}));

    QCOMPARE(ids(sm.acknowledge(3)), QStringList{u"m3"_s});
    QCOMPARE(ids(sm.acknowledge(5)), (QStringList{u"m4"_s, u"m5"_s}));
    QCOMPARE(sm.ackedCount(), 5u);
    QCOMPARE(sm.unackedCount(), qsizetype(0));

    // Counting goes on after everything was acknowledged.
    sm.stanzaSent(message(6));
    QCOMPARE(unackedIds(sm), QStringList{u"6:m6"_s});
    QCOMPARE(ids(sm.acknowledge(6)), QStringList{u"m6"_s});
}

void TestStreamManagement::acknowledgeSameCountChangesNothing()
{
    StreamManagement sm;
    enableAndSend(sm, 3);
    QCOMPARE(ids(sm.acknowledge(0)), QStringList()); // not nullopt: nothing new, but valid
    QCOMPARE(ids(sm.acknowledge(2)), (QStringList{u"m1"_s, u"m2"_s}));
    QCOMPARE(ids(sm.acknowledge(2)), QStringList());
    QCOMPARE(sm.ackedCount(), 2u);
    QCOMPARE(unackedIds(sm), QStringList{u"3:m3"_s});

    StreamManagement empty;
    empty.enableRequested();
    QCOMPARE(ids(empty.acknowledge(0)), QStringList());
}

void TestStreamManagement::acknowledgeAboveSentIsRefused_data()
{
    QTest::addColumn<quint32>("firstAck"); // applied before, valid
    QTest::addColumn<quint32>("h");

    QTest::newRow("one more than sent") << 0u << 4u;
    QTest::newRow("far above") << 0u << 1000u;
    QTest::newRow("2^32 - 1") << 0u << std::numeric_limits<quint32>::max();
    QTest::newRow("moving backwards") << 2u << 1u; // 2^32 - 1 new ones, modulo 2^32
}

void TestStreamManagement::acknowledgeAboveSentIsRefused()
{
    QFETCH(quint32, firstAck);
    QFETCH(quint32, h);

    StreamManagement sm;
    enableAndSend(sm, 3);
    QVERIFY(sm.acknowledge(firstAck));
    const QStringList before = unackedIds(sm);

    QVERIFY(!sm.acknowledge(h).has_value());
    // A refused acknowledgement changes nothing.
    QCOMPARE(sm.ackedCount(), firstAck);
    QCOMPARE(sm.sentCount(), 3u);
    QCOMPARE(unackedIds(sm), before);
}

namespace {

template<typename SM>
void checkWrapAround(SM &sm)
{
    if constexpr (HasAcknowledgedCountHook<SM>) {
        sm.enableRequested();
        sm.setAcknowledgedCountForTests(0xFFFF'FFFEu);
        for (int i = 1; i <= 4; ++i)
            sm.stanzaSent(message(i));
        QCOMPARE(sm.sentCount(), 2u); // 0xFFFFFFFE + 4 modulo 2^32
        QCOMPARE(unackedIds(sm),
                 (QStringList{u"4294967295:m1"_s, u"0:m2"_s, u"1:m3"_s, u"2:m4"_s}));
        QVERIFY(!sm.acknowledge(3u).has_value()); // above what was sent, across the wrap
        QCOMPARE(ids(sm.acknowledge(0u)), (QStringList{u"m1"_s, u"m2"_s}));
        QCOMPARE(sm.ackedCount(), 0u);
        QCOMPARE(ids(sm.acknowledge(2u)), (QStringList{u"m3"_s, u"m4"_s}));
        QCOMPARE(sm.unackedCount(), qsizetype(0));
    } else {
        Q_UNUSED(sm);
        QSKIP("StreamManagement cannot start its outbound counters near 2^32 (needs "
              "setAcknowledgedCountForTests(quint32)); the wrap of the inbound count is tested "
              "in handledCountWrapsAround");
    }
}

} // namespace

void TestStreamManagement::acknowledgeWrapsAround()
{
    StreamManagement sm;
    checkWrapAround(sm);
}

void TestStreamManagement::takeUnackedRenumbersResentStanzas()
{
    StreamManagement sm;
    enableAndSend(sm, 5);
    QVERIFY(sm.acknowledge(2));

    // After <resumed h='2'/>: the server has m1, m2; m3…m5 are sent again.
    const QList<XmlElement> again = sm.takeUnacked();
    QCOMPARE(ids(again), (QStringList{u"m3"_s, u"m4"_s, u"m5"_s}));
    QCOMPARE(again.first(), message(3));
    QCOMPARE(sm.unackedCount(), qsizetype(0));
    QCOMPARE(sm.sentCount(), 2u);
    QCOMPARE(sm.ackedCount(), 2u);

    for (const XmlElement &stanza : again)
        sm.stanzaSent(stanza);
    sm.stanzaSent(message(6));
    QCOMPARE(unackedIds(sm), (QStringList{u"3:m3"_s, u"4:m4"_s, u"5:m5"_s, u"6:m6"_s}));
    QCOMPARE(ids(sm.acknowledge(4)), (QStringList{u"m3"_s, u"m4"_s}));
    QCOMPARE(ids(sm.acknowledge(6)), (QStringList{u"m5"_s, u"m6"_s}));
    QVERIFY(!sm.acknowledge(7).has_value());
}

void TestStreamManagement::enableRequestedRestartsCounting()
{
    StreamManagement sm;
    enableAndSend(sm, 3);
    QVERIFY(sm.acknowledge(1));
    sm.enableRequested();
    QCOMPARE(sm.sentCount(), 0u);
    QCOMPARE(sm.ackedCount(), 0u);
    QCOMPARE(sm.unackedCount(), qsizetype(0));
    sm.stanzaSent(message(7));
    QCOMPARE(unackedIds(sm), QStringList{u"1:m7"_s});
}

void TestStreamManagement::enableFailedStopsCounting()
{
    StreamManagement sm;
    sm.enableRequested();
    sm.stanzaSent(message(1));
    sm.enableFailed();
    QVERIFY(!sm.isEnabled());
    QVERIFY(!sm.canResume());
    QCOMPARE(sm.unackedCount(), qsizetype(0));
    sm.stanzaSent(message(2));
    QCOMPARE(sm.unackedCount(), qsizetype(0));
}

void TestStreamManagement::handledCountWrapsAround()
{
    StreamManagement sm;
    enableAndSend(sm, 0);
    sm.stanzaHandled();
    sm.stanzaHandled();
    QCOMPARE(sm.handledCount(), 2u);

    sm.setHandledCount(0xFFFF'FFFEu);
    sm.stanzaHandled();
    QCOMPARE(sm.handledCount(), 0xFFFF'FFFFu);
    QCOMPARE(sm.ackElement(), xml(u"<a xmlns='urn:xmpp:sm:3' h='4294967295'/>"_s));
    sm.stanzaHandled();
    QCOMPARE(sm.handledCount(), 0u); // modulo 2^32 (XEP-0198 §4)
    sm.stanzaHandled();
    QCOMPARE(sm.ackElement(), xml(u"<a xmlns='urn:xmpp:sm:3' h='1'/>"_s));
}

void TestStreamManagement::resumeElementCarriesHandledAndPrevid()
{
    StreamManagement sm;
    enableAndSend(sm, 2);
    for (int i = 0; i < 3; ++i)
        sm.stanzaHandled();
    QCOMPARE(sm.resumeElement(), xml(u"<resume xmlns='urn:xmpp:sm:3' h='3' previd='x'/>"_s));
}

void TestStreamManagement::ackElementCarriesHandledCount()
{
    StreamManagement sm;
    enableAndSend(sm, 0);
    QCOMPARE(sm.ackElement(), xml(u"<a xmlns='urn:xmpp:sm:3' h='0'/>"_s));
    for (int i = 0; i < 7; ++i)
        sm.stanzaHandled();
    QCOMPARE(sm.ackElement(), xml(u"<a xmlns='urn:xmpp:sm:3' h='7'/>"_s));
}

void TestStreamManagement::enableAndRequestElements()
{
    QCOMPARE(StreamManagement::enableElement(),
             xml(u"<enable xmlns='urn:xmpp:sm:3' resume='true'/>"_s));
    QCOMPARE(StreamManagement::requestElement(), xml(u"<r xmlns='urn:xmpp:sm:3'/>"_s));
}

void TestStreamManagement::sessionLostReturnsUnackedAndResets()
{
    StreamManagement sm;
    enableAndSend(sm, 4);
    sm.stanzaHandled();
    QVERIFY(sm.acknowledge(1));

    QCOMPARE(ids(sm.sessionLost()), (QStringList{u"m2"_s, u"m3"_s, u"m4"_s}));
    QVERIFY(!sm.isEnabled());
    QVERIFY(!sm.canResume());
    QVERIFY(sm.resumeId().isEmpty());
    QCOMPARE(sm.maxResumeSeconds(), 0);
    QCOMPARE(sm.sentCount(), 0u);
    QCOMPARE(sm.ackedCount(), 0u);
    QCOMPARE(sm.handledCount(), 0u);
    QCOMPARE(sm.unackedCount(), qsizetype(0));
    // Not counting any more until <enable/> is requested again.
    sm.stanzaSent(message(5));
    QCOMPARE(sm.unackedCount(), qsizetype(0));
    QCOMPARE(ids(sm.sessionLost()), QStringList());
}

void TestStreamManagement::resetForgetsEverything()
{
    StreamManagement sm;
    enableAndSend(sm, 2);
    sm.enabled(u"x"_s, true, 300, u"host:5222"_s);
    sm.stanzaHandled();
    sm.reset();
    QVERIFY(!sm.isEnabled());
    QVERIFY(!sm.canResume());
    QVERIFY(sm.resumeId().isEmpty());
    QVERIFY(sm.location().isEmpty());
    QCOMPARE(sm.handledCount(), 0u);
    QCOMPARE(sm.sentCount(), 0u);
    QCOMPARE(sm.unackedCount(), qsizetype(0));
    sm.stanzaSent(message(3));
    QCOMPARE(sm.unackedCount(), qsizetype(0));
}

QTEST_GUILESS_MAIN(TestStreamManagement)
#include "tst_streammanagement.moc"
