// SPDX-License-Identifier: GPL-3.0-or-later
// ConversationModel: one chat's messages in time order with granular signals (STYLE.md §8).
#include "models/ConversationModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

namespace {

const Jid Juliet = Jid::fromString(u"juliet@capulet.lit");
const QDateTime Base = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

ChatMessage incoming(const QString &body, int minutes, const QString &id = {})
{
    ChatMessage m;
    m.id = id;
    m.peer = Juliet;
    m.from = Jid::fromString(u"juliet@capulet.lit/balcony");
    m.body = body;
    m.timestamp = Base.addSecs(minutes * 60);
    return m;
}

ChatMessage outgoing(const QString &body, int minutes, const QString &id)
{
    ChatMessage m;
    m.id = id;
    m.peer = Juliet;
    m.from = Jid::fromString(u"romeo@montague.lit/orchard");
    m.direction = ChatMessage::Direction::Outgoing;
    m.state = ChatMessage::State::Pending;
    m.body = body;
    m.timestamp = Base.addSecs(minutes * 60);
    return m;
}

QStringList bodies(const ConversationModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.append(model.index(row).data().toString());
    return out;
}

} // namespace

class tst_ConversationModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void startsEmptyWithBarePeer();
    void appendInsertsOneRow();
    void rolesExposeTheMessage();
    void delayedMessageIsInsertedInTimeOrder();
    void duplicateOutgoingIdIsIgnored();
    void incomingIdsMayRepeat();
    void setStateChangesOnlyStateRoles();
    void setStateWithErrorAlsoChangesErrorRole();
    void setStateOnUnknownIdFails();
    void setStateWithoutChangeIsSilent();
    void setStateFindsRowsShiftedByInsertion();
    void peerNameUpdatesTheirSenderOnly();
    void rowsKnowTheirStoreRows();
    void droppingAtEitherEndRemovesOneRange();
    void outgoingIdsFollowDroppedRows();
    void replaceResetsOnceWithStoreRows();
    void revisionsChangeWithTheRow();
};

void tst_ConversationModel::startsEmptyWithBarePeer()
{
    ConversationModel model(Jid::fromString(u"juliet@capulet.lit/balcony"));
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.peer(), Juliet);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.rowCount(model.index(0)), 0);
}

void tst_ConversationModel::appendInsertsOneRow()
{
    ConversationModel model(Juliet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    QVERIFY(model.append(incoming(u"Wherefore art thou?"_s, 0)));
    QVERIFY(model.append(outgoing(u"Here."_s, 1, u"o1"_s)));

    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 1);
    QCOMPARE(inserted.at(1).at(2).toInt(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(bodies(model), (QStringList{u"Wherefore art thou?"_s, u"Here."_s}));
}

void tst_ConversationModel::rolesExposeTheMessage()
{
    ConversationModel model(Juliet);
    ChatMessage m = outgoing(u"Hi"_s, 3, u"o1"_s);
    m.subject = u"Plans"_s;
    model.append(m);
    ChatMessage err = incoming({}, 4, u"e1"_s);
    err.kind = ChatMessage::Kind::Error;
    err.errorCondition = u"service-unavailable"_s;
    err.errorText = u"The service is not available."_s;
    model.append(err);

    const QModelIndex ours = model.index(0);
    QCOMPARE(ours.data(ConversationModel::IdRole).toString(), u"o1"_s);
    QCOMPARE(ours.data(ConversationModel::DirectionRole).toInt(),
             int(ChatMessage::Direction::Outgoing));
    QCOMPARE(ours.data(ConversationModel::StateRole).toInt(), int(ChatMessage::State::Pending));
    QCOMPARE(ours.data(ConversationModel::KindRole).toInt(), int(ChatMessage::Kind::Chat));
    QCOMPARE(ours.data(ConversationModel::BodyRole).toString(), u"Hi"_s);
    QCOMPARE(ours.data(Qt::DisplayRole).toString(), u"Hi"_s);
    QCOMPARE(ours.data(ConversationModel::SubjectRole).toString(), u"Plans"_s);
    QCOMPARE(ours.data(ConversationModel::TimestampRole).toDateTime(), Base.addSecs(180));
    QCOMPARE(ours.data(ConversationModel::SenderRole).toString(), u"Me"_s);
    QCOMPARE(ours.data(ConversationModel::FromRole).toString(), u"romeo@montague.lit/orchard"_s);
    QCOMPARE(ours.data(ConversationModel::MessageRole).value<ChatMessage>().body, u"Hi"_s);
    QVERIFY(ours.data(Qt::AccessibleTextRole).toString().contains(u"Hi"_s));

    const QModelIndex error = model.index(1);
    QCOMPARE(error.data(ConversationModel::KindRole).toInt(), int(ChatMessage::Kind::Error));
    QCOMPARE(error.data(ConversationModel::ErrorRole).toString(),
             u"The service is not available."_s);
    QCOMPARE(error.data(ConversationModel::SenderRole).toString(), u"juliet@capulet.lit"_s);
    QVERIFY(!model.roleNames().value(ConversationModel::TimestampRole).isEmpty());
}

void tst_ConversationModel::delayedMessageIsInsertedInTimeOrder()
{
    ConversationModel model(Juliet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(incoming(u"one"_s, 0));
    model.append(outgoing(u"three"_s, 10, u"o3"_s));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    model.append(incoming(u"two (delayed)"_s, 5));
    model.append(incoming(u"four"_s, 10)); // same time as the last: after it

    QCOMPARE(bodies(model), (QStringList{u"one"_s, u"two (delayed)"_s, u"three"_s, u"four"_s}));
    QCOMPARE(inserted.at(0).at(1).toInt(), 1);
    // The row index of our message moved with the insertion.
    QCOMPARE(model.rowOf(u"o3"_s), 2);
    QCOMPARE(model.find(u"o3"_s)->body, u"three"_s);
}

void tst_ConversationModel::duplicateOutgoingIdIsIgnored()
{
    ConversationModel model(Juliet);
    QVERIFY(model.append(outgoing(u"once"_s, 0, u"o1"_s)));
    QVERIFY(!model.append(outgoing(u"once"_s, 0, u"o1"_s)));
    QCOMPARE(model.rowCount(), 1);
}

void tst_ConversationModel::incomingIdsMayRepeat()
{
    ConversationModel model(Juliet);
    QVERIFY(model.append(incoming(u"first session"_s, 0, u"1"_s)));
    QVERIFY(model.append(incoming(u"after a restart"_s, 1, u"1"_s)));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.find(u"1"_s), nullptr); // find() is for ours
}

void tst_ConversationModel::setStateChangesOnlyStateRoles()
{
    ConversationModel model(Juliet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(incoming(u"hello"_s, 0));
    model.append(outgoing(u"hi"_s, 1, u"o1"_s));
    model.append(incoming(u"how are you"_s, 2));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    QVERIFY(model.setState(u"o1"_s, ChatMessage::State::Sent));

    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(1));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(1));
    const auto roles = changed.at(0).at(2).value<QList<int>>();
    QVERIFY(roles.contains(ConversationModel::StateRole));
    QVERIFY(!roles.isEmpty()); // empty would mean "everything changed"
    QVERIFY(!roles.contains(ConversationModel::BodyRole));
    QVERIFY(!roles.contains(Qt::DisplayRole));
    QVERIFY(!roles.contains(ConversationModel::ErrorRole));
    QVERIFY(!roles.contains(ConversationModel::TimestampRole));
    QCOMPARE(model.index(1).data(ConversationModel::StateRole).toInt(),
             int(ChatMessage::State::Sent));
    QCOMPARE(model.find(u"o1"_s)->state, ChatMessage::State::Sent);
}

void tst_ConversationModel::setStateWithErrorAlsoChangesErrorRole()
{
    ConversationModel model(Juliet);
    model.append(outgoing(u"hi"_s, 1, u"o1"_s));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    QVERIFY(model.setState(u"o1"_s, ChatMessage::State::Failed, u"service-unavailable"_s,
                           u"The recipient's service is not available."_s));

    QCOMPARE(changed.size(), 1);
    const auto roles = changed.at(0).at(2).value<QList<int>>();
    QVERIFY(roles.contains(ConversationModel::StateRole));
    QVERIFY(roles.contains(ConversationModel::ErrorRole));
    QVERIFY(!roles.contains(ConversationModel::BodyRole));
    QCOMPARE(model.index(0).data(ConversationModel::ErrorRole).toString(),
             u"The recipient's service is not available."_s);
    QCOMPARE(model.find(u"o1"_s)->errorCondition, u"service-unavailable"_s);
}

void tst_ConversationModel::setStateOnUnknownIdFails()
{
    ConversationModel model(Juliet);
    model.append(incoming(u"hello"_s, 0, u"i1"_s));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(!model.setState(u"nope"_s, ChatMessage::State::Sent));
    QVERIFY(!model.setState(u"i1"_s, ChatMessage::State::Sent)); // not ours
    QCOMPARE(changed.size(), 0);
}

void tst_ConversationModel::setStateWithoutChangeIsSilent()
{
    ConversationModel model(Juliet);
    model.append(outgoing(u"hi"_s, 1, u"o1"_s));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setState(u"o1"_s, ChatMessage::State::Pending));
    QCOMPARE(changed.size(), 0);
}

void tst_ConversationModel::setStateFindsRowsShiftedByInsertion()
{
    ConversationModel model(Juliet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(outgoing(u"late"_s, 10, u"o1"_s));
    model.append(incoming(u"early"_s, 1));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setState(u"o1"_s, ChatMessage::State::Sent));
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(model.index(1).data(ConversationModel::StateRole).toInt(),
             int(ChatMessage::State::Sent));
}

void tst_ConversationModel::peerNameUpdatesTheirSenderOnly()
{
    ConversationModel model(Juliet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(incoming(u"a"_s, 0));
    model.append(incoming(u"b"_s, 1));
    model.append(outgoing(u"c"_s, 2, u"o1"_s));
    model.append(incoming(u"d"_s, 3));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.setPeerName(u"Juliet Capulet"_s);

    QCOMPARE(changed.size(), 2); // rows 0–1 and row 3
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 3);
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(ConversationModel::SenderRole));
    QCOMPARE(model.index(0).data(ConversationModel::SenderRole).toString(), u"Juliet Capulet"_s);
    QCOMPARE(model.index(2).data(ConversationModel::SenderRole).toString(), u"Me"_s);

    model.setPeerName(u"Juliet Capulet"_s);
    QCOMPARE(changed.size(), 2);
}

void tst_ConversationModel::rowsKnowTheirStoreRows()
{
    ConversationModel model(Juliet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(incoming(u"b"_s, 2), 12);
    model.prependOlder(incoming(u"a"_s, 1), 11);
    model.append(incoming(u"live, not stored"_s, 3));
    model.append(incoming(u"c, delayed"_s, 2), 13); // after b (same time), before the live one
    QCOMPARE(bodies(model), (QStringList{u"a"_s, u"b"_s, u"c, delayed"_s, u"live, not stored"_s}));
    QCOMPARE(model.storeRow(0), 11);
    QCOMPARE(model.storeRow(2), 13);
    QCOMPARE(model.storeRow(3), 0);
    QCOMPARE(model.storeRow(4), 0);
    QCOMPARE(model.storeRow(-1), 0);
    QCOMPARE(model.rowOfStoreRow(12), 1);
    QCOMPARE(model.rowOfStoreRow(99), -1);
    QCOMPARE(model.rowOfStoreRow(0), -1); // "not stored" is no row
}

void tst_ConversationModel::droppingAtEitherEndRemovesOneRange()
{
    ConversationModel model(Juliet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (int i = 0; i < 10; ++i)
        model.append(incoming(u"m%1"_s.arg(i), i), 100 + i);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.dropOldest(3);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 2);
    QCOMPARE(model.rowCount(), 7);
    QCOMPARE(model.index(0).data().toString(), u"m3"_s);
    QCOMPARE(model.rowOfStoreRow(103), 0);
    QCOMPARE(model.rowOfStoreRow(100), -1);

    model.dropNewest(2);
    QCOMPARE(removed.size(), 2);
    QCOMPARE(removed.at(1).at(1).toInt(), 5);
    QCOMPARE(removed.at(1).at(2).toInt(), 6);
    QCOMPARE(bodies(model), (QStringList{u"m3"_s, u"m4"_s, u"m5"_s, u"m6"_s, u"m7"_s}));
    QCOMPARE(model.storeRow(4), 107);

    model.dropOldest(0); // nothing: no signal
    model.dropNewest(-1);
    QCOMPARE(removed.size(), 2);
    model.dropNewest(50); // more than there are: all of them, once
    QCOMPARE(removed.size(), 3);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.size(), 0);
}

void tst_ConversationModel::outgoingIdsFollowDroppedRows()
{
    ConversationModel model(Juliet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(outgoing(u"first"_s, 0, u"o1"_s), 1);
    model.append(incoming(u"theirs"_s, 1), 2);
    model.append(outgoing(u"second"_s, 2, u"o2"_s), 3);
    model.append(outgoing(u"third"_s, 3, u"o3"_s), 4);

    model.dropOldest(2);
    QVERIFY(!model.find(u"o1"_s));
    QCOMPARE(model.rowOf(u"o2"_s), 0);
    QVERIFY(model.setState(u"o3"_s, ChatMessage::State::Sent));
    QCOMPARE(model.index(1).data(ConversationModel::StateRole).toInt(),
             int(ChatMessage::State::Sent));
    // A dropped message may come back (scrolling there again) without being taken for a copy.
    QVERIFY(model.prependOlder(outgoing(u"first"_s, 0, u"o1"_s), 1));
    QCOMPARE(model.rowOf(u"o1"_s), 0);
    QCOMPARE(model.rowOf(u"o3"_s), 2);
    model.dropNewest(1);
    QCOMPARE(model.rowOf(u"o3"_s), -1);
    QVERIFY(!model.setState(u"o3"_s, ChatMessage::State::Read));
}

void tst_ConversationModel::replaceResetsOnceWithStoreRows()
{
    ConversationModel model(Juliet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(outgoing(u"old"_s, 0, u"o1"_s), 1);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.replace({incoming(u"x"_s, 10), outgoing(u"y"_s, 11, u"o2"_s)}, {50, 51});
    QCOMPARE(reset.size(), 1);
    QCOMPARE(bodies(model), (QStringList{u"x"_s, u"y"_s}));
    QCOMPARE(model.rowOfStoreRow(51), 1);
    QCOMPARE(model.rowOf(u"o2"_s), 1);
    QCOMPARE(model.rowOf(u"o1"_s), -1);
    model.replace({incoming(u"z"_s, 12)}, {});
    QCOMPARE(model.storeRow(0), 0);
    QCOMPARE(reset.size(), 2);
}

void tst_ConversationModel::revisionsChangeWithTheRow()
{
    ConversationModel model(Juliet);
    const auto revision = [&model](int row) {
        return model.index(row).data(ConversationModel::RevisionRole).toULongLong();
    };
    model.append(incoming(u"hello"_s, 0));
    model.append(outgoing(u"hi"_s, 1, u"o1"_s));
    model.append(incoming(u"how are you"_s, 2));
    QSet<quint64> seen;
    for (int row = 0; row < 3; ++row) {
        QVERIFY(revision(row) != 0);
        seen.insert(revision(row));
    }
    QCOMPARE(seen.size(), 3); // one per row
    // A change to a row gives it a new revision (and says so); the others keep theirs.
    const quint64 first = revision(0);
    const quint64 third = revision(2);
    const quint64 before = revision(1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setState(u"o1"_s, ChatMessage::State::Sent));
    QVERIFY(changed.at(0).at(2).value<QList<int>>().contains(ConversationModel::RevisionRole));
    QVERIFY(revision(1) != before && !seen.contains(revision(1)));
    QCOMPARE(revision(0), first);
    QCOMPARE(revision(2), third);
    seen.insert(revision(1));
    QVERIFY(model.correct(2, u"how are you?"_s, QDateTime::currentDateTimeUtc()));
    QVERIFY(!seen.contains(revision(2)));
    seen.insert(revision(2));
    QVERIFY(model.retract(0));
    QVERIFY(!seen.contains(revision(0)));
    seen.insert(revision(0));
    // Rows keep theirs when others go; rows that come back get new ones, never reused.
    const quint64 last = revision(2);
    model.dropOldest(1);
    QCOMPARE(revision(1), last);
    model.replace({incoming(u"again"_s, 5)}, {});
    QVERIFY(!seen.contains(revision(0)));
}

QTEST_GUILESS_MAIN(tst_ConversationModel)
#include "tst_conversationmodel.moc"
