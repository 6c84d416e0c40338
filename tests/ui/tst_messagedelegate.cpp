// SPDX-License-Identifier: GPL-3.0-or-later
// MessageDelegate: link detection, day and time labels, grouping from neighbours, row heights,
// colours that read on light and dark bases, delivery ticks, edited and deleted messages.
#include "MessageDelegate.h"
#include "MessageView.h"
#include "models/ConversationModel.h"

#include <QApplication>
#include <QDialog>
#include <QImage>
#include <QPainter>
#include <QPlainTextEdit>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;
using namespace natter;

using Links = QList<MessageDelegate::Link>;
Q_DECLARE_METATYPE(Links)

namespace {

const Jid Juliet = Jid::fromString(u"juliet@capulet.lit");

qreal luminance(const QColor &c)
{
    const auto channel = [](qreal v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

qreal contrast(const QColor &a, const QColor &b)
{
    const qreal la = luminance(a);
    const qreal lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

ChatMessage message(const QString &body, const QDateTime &time, bool ours = false,
                    const QString &from = u"juliet@capulet.lit/balcony"_s)
{
    static int counter = 0;
    ChatMessage m;
    m.id = u"m%1"_s.arg(++counter);
    m.peer = Juliet;
    m.from = Jid::fromString(ours ? u"romeo@montague.lit/orchard"_s : from);
    m.direction = ours ? ChatMessage::Direction::Outgoing : ChatMessage::Direction::Incoming;
    m.state = ours ? ChatMessage::State::Sent : ChatMessage::State::Received;
    m.body = body;
    m.timestamp = time.toUTC();
    return m;
}

} // namespace

class tst_MessageDelegate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void findsLinks_data();
    void findsLinks();
    void dayLabels();
    void timeLabelsHaveNoSeconds();
    void errorColourReadsOnLightAndDark();
    void groupsFromNeighbours();
    void rowHeights();
    void repaintsArePacedWhileRowsArrive();
    void failedStateIsPaintedRed();
    void ticksForSentDeliveredAndRead();
    void editedMessagesShowTheMarkAndTheirHistory();
    void deletedMessagesSaySo();
};

void tst_MessageDelegate::initTestCase()
{
    QApplication::setStyle(u"Fusion"_s);
}

void tst_MessageDelegate::findsLinks_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("urls");

    QTest::newRow("sentence end") << u"See https://example.org."_s
                                  << QStringList{u"https://example.org"_s};
    QTest::newRow("path and query")
        << u"map: https://maps.example.org/verona?q=orchard&z=3#x, ok"_s
        << QStringList{u"https://maps.example.org/verona?q=orchard&z=3#x"_s};
    QTest::newRow("balanced parentheses")
        << u"(see https://en.wikipedia.org/wiki/Romeo_(play))"_s
        << QStringList{u"https://en.wikipedia.org/wiki/Romeo_(play)"_s};
    QTest::newRow("xmpp") << u"join xmpp:garden@chat.capulet.lit?join!"_s
                          << QStringList{u"xmpp:garden@chat.capulet.lit?join"_s};
    QTest::newRow("upper case scheme")
        << u"HTTP://EXAMPLE.ORG/A"_s << QStringList{u"http://EXAMPLE.ORG/A"_s};
    QTest::newRow("two") << u"http://a.example and https://b.example/x"_s
                         << QStringList{u"http://a.example"_s, u"https://b.example/x"_s};
    QTest::newRow("quotes") << u"“https://example.org/a”"_s
                            << QStringList{u"https://example.org/a"_s};
    QTest::newRow("markup is text")
        << u"<a href=\"https://evil.example/\">x</a>"_s << QStringList{u"https://evil.example/"_s};
    QTest::newRow("inside a word") << u"foohttp://example.org"_s << QStringList{};
    QTest::newRow("no host") << u"http:// nothing"_s << QStringList{};
    QTest::newRow("other schemes")
        << u"ftp://example.org file:///etc/passwd javascript:alert(1) data:text/html,x"_s
        << QStringList{};
    QTest::newRow("xmpp without address") << u"xmpp: is a protocol"_s << QStringList{};
    QTest::newRow("no links") << u"Wherefore art thou Romeo?"_s << QStringList{};
}

void tst_MessageDelegate::findsLinks()
{
    QFETCH(QString, text);
    QFETCH(QStringList, urls);
    const Links links = MessageDelegate::findLinks(text);
    QStringList found;
    for (const MessageDelegate::Link &link : links) {
        found.append(link.url.toString());
        // The range covers exactly the link's text.
        QCOMPARE(text.mid(link.start, link.length).toLower(), link.url.toString().toLower());
    }
    QCOMPARE(found.size(), urls.size());
    for (qsizetype i = 0; i < urls.size(); ++i)
        QCOMPARE(found.at(i).toLower(), urls.at(i).toLower());
}

void tst_MessageDelegate::dayLabels()
{
    const QDate today(2024, 6, 4);
    QCOMPARE(MessageDelegate::dayLabel(today, today), u"Today"_s);
    QCOMPARE(MessageDelegate::dayLabel(today.addDays(-1), today), u"Yesterday"_s);
    QCOMPARE(MessageDelegate::dayLabel(today.addDays(-2), today),
             QLocale().toString(today.addDays(-2), QLocale::LongFormat));
}

void tst_MessageDelegate::timeLabelsHaveNoSeconds()
{
    const QLocale saved;
    QLocale::setDefault(QLocale::c());
    QCOMPARE(MessageDelegate::timeLabel(QTime(21, 2, 33)), u"21:02"_s);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const QString us = MessageDelegate::timeLabel(QTime(21, 2, 33));
    QVERIFY2(us.startsWith(u"9:02"_s), qPrintable(us));
    QVERIFY(!us.contains(u"33"_s));
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(MessageDelegate::timeLabel(QTime(21, 2, 33)), u"21:02"_s);
    QLocale::setDefault(saved);
}

void tst_MessageDelegate::errorColourReadsOnLightAndDark()
{
    for (const QColor &base :
         {QColor(Qt::white), QColor(0xf0, 0xf0, 0xf0), QColor(0x1e, 0x1e, 0x20), QColor(Qt::black),
          QColor(0x3c, 0x3f, 0x41)}) {
        QPalette palette;
        palette.setColor(QPalette::Base, base);
        const QColor red = MessageDelegate::errorColor(palette);
        QVERIFY2(contrast(red, base) >= 4.5, qPrintable(base.name() + u' ' + red.name()));
        QVERIFY(red.red() > red.green() && red.red() > red.blue()); // still red
    }
}

void tst_MessageDelegate::groupsFromNeighbours()
{
    const QDateTime t(QDate(2024, 6, 3), QTime(10, 0));
    ConversationModel model(Juliet);
    model.append(message(u"a"_s, t));                    // 0: day + group
    model.append(message(u"b"_s, t.addSecs(180)));       // 1: grouped
    model.append(message(u"c"_s, t.addSecs(540)));       // 2: > 5 min after b: new group
    model.append(message(u"d"_s, t.addSecs(560), true)); // 3: ours: new group
    model.append(message(u"e"_s, t.addSecs(570), true)); // 4: grouped
    ChatMessage headline = message(u"f"_s, t.addSecs(580));
    headline.kind = ChatMessage::Kind::Headline;
    model.append(headline);                        // 5: special: new group
    model.append(message(u"g"_s, t.addSecs(590))); // 6: after a special: new group
    model.append(message(u"h"_s, t.addSecs(600), false,
                         u"juliet@capulet.lit/phone"_s)); // 7: same contact, other device
    model.append(message(u"i"_s, t.addDays(1)));          // 8: next day

    const QList<bool> days{true, false, false, false, false, false, false, false, true};
    const QList<bool> groups{true, false, true, true, false, true, true, false, true};
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(MessageDelegate::startsDay(model.index(row)), days.at(row));
        QCOMPARE(MessageDelegate::startsGroup(model.index(row)), groups.at(row));
    }
}

void tst_MessageDelegate::rowHeights()
{
    const QDateTime t = QDateTime::currentDateTime().addSecs(-600);
    ConversationModel model(Juliet);
    model.append(message(u"first"_s, t));
    model.append(message(u"grouped"_s, t.addSecs(10)));
    model.append(message(QString(u"long words wrap "_s).repeated(40), t.addSecs(20)));
    model.append(message(u"sent"_s, t.addSecs(30), true));
    model.append(message(u"sent too"_s, t.addSecs(35), true));
    ChatMessage failed = message(u"failed"_s, t.addSecs(40), true);
    failed.state = ChatMessage::State::Failed;
    failed.errorText = u"The recipient is temporarily unavailable."_s;
    model.append(failed);
    model.append(message(u"line one\nline two\r\nline three"_s, t.addSecs(50)));

    MessageView view;
    view.setModel(&model);
    view.resize(view.fontMetrics().averageCharWidth() * 60, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QApplication::processEvents();
    const auto height = [&](int row) { return view.visualRect(model.index(row)).height(); };
    const int line = view.fontMetrics().height();

    QVERIFY(height(0) > height(1)); // separator and header
    QVERIFY(height(1) >= line);
    QVERIFY(height(2) > 3 * line);             // wrapped
    QVERIFY(height(3) > height(4));            // ours start a group of their own
    QVERIFY(height(5) > height(4) + line - 2); // the reason is shown under a failed message
    QVERIFY(height(6) >= 3 * line);            // line breaks are kept
    QVERIFY(height(6) < 5 * line);

    // Narrower: the long message takes more lines; nothing is cut off to the right.
    const int wide = height(2);
    view.resize(view.width() / 2, 600);
    QTRY_VERIFY(height(2) > wide);
    QVERIFY(view.visualRect(model.index(2)).right() <= view.viewport()->width());

    // Heights are cached by revision: a changed row, and the row after a changed one, are
    // measured again.
    const int short1 = height(1);
    QVERIFY(model.correct(1, QString(u"now much longer "_s).repeated(30), t.addSecs(60)));
    QTRY_VERIFY(height(1) > 3 * short1);
    const int grouped = height(1);
    model.dropOldest(1); // the corrected row is the first now: a day separator and a header
    QTRY_VERIFY(height(0) > grouped);
}

void tst_MessageDelegate::repaintsArePacedWhileRowsArrive()
{
    const QDateTime t = QDateTime::currentDateTime().addSecs(-600);
    ConversationModel model(Juliet);
    model.append(message(u"first"_s, t));
    MessageView view;
    view.setModel(&model);
    view.resize(400, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setFrameInterval(60'000); // held for the test's whole length unless released
    view.viewport()->repaint();
    QVERIFY(!view.isRepaintHeld());
    // A row right after a paint: its repaint waits, and so do the rows after it.
    model.append(message(u"second"_s, t.addSecs(5)));
    QVERIFY(view.isRepaintHeld());
    QVERIFY(!view.viewport()->updatesEnabled());
    model.append(message(u"third"_s, t.addSecs(6)));
    QVERIFY(view.isRepaintHeld());
    view.hide();

    // Released after the interval: painted again, rows and all.
    MessageView paced;
    paced.setModel(&model);
    paced.resize(400, 300);
    paced.show();
    QVERIFY(QTest::qWaitForWindowExposed(&paced));
    paced.setFrameInterval(20);
    paced.viewport()->repaint();
    model.append(message(u"fourth"_s, t.addSecs(7)));
    QVERIFY(paced.isRepaintHeld());
    QTRY_VERIFY(!paced.isRepaintHeld());
    QVERIFY(paced.viewport()->updatesEnabled());
    QVERIFY(paced.visualRect(model.index(3)).isValid());
    // Not right after a paint: nothing is held.
    QTest::qWait(200);
    model.append(message(u"fifth"_s, t.addSecs(8)));
    QVERIFY(!paced.isRepaintHeld());
}

void tst_MessageDelegate::failedStateIsPaintedRed()
{
    ConversationModel model(Juliet);
    ChatMessage failed = message(u"failed"_s, QDateTime::currentDateTime(), true);
    failed.state = ChatMessage::State::Failed;
    failed.errorText = u"The recipient is temporarily unavailable."_s;
    model.append(failed);
    MessageView view;
    view.setModel(&model);
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QApplication::processEvents();

    const QColor red = MessageDelegate::errorColor(view.palette());
    const auto redPixels = [&] {
        const QImage image = view.viewport()->grab().toImage();
        int n = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (qAbs(c.red() - red.red()) < 24 && qAbs(c.green() - red.green()) < 24 &&
                    qAbs(c.blue() - red.blue()) < 24)
                    ++n;
            }
        }
        return n;
    };
    QVERIFY(redPixels() > 30);

    model.setState(failed.id, ChatMessage::State::Sent);
    QApplication::processEvents();
    QCOMPARE(redPixels(), 0);
}

void tst_MessageDelegate::ticksForSentDeliveredAndRead()
{
    ConversationModel model(Juliet);
    const ChatMessage ours = message(u"tick tock"_s, QDateTime::currentDateTime(), true);
    model.append(ours);
    MessageView view;
    view.setModel(&model);
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QApplication::processEvents();

    const QModelIndex index = model.index(0);
    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.widget = &view;
    option.font = view.font();
    option.rect = view.visualRect(index);
    const QRect glyph = view.messageDelegate()->stateRect(option, index);
    QVERIFY(!glyph.isNull());
    const QColor base = view.palette().color(QPalette::Base);
    const QColor link = view.palette().color(QPalette::Link);
    struct Ink
    {
        int any = 0;
        int linkish = 0;
    };
    const auto ink = [&] {
        QApplication::processEvents();
        const QImage image = view.viewport()->grab().toImage();
        const qreal dpr = image.devicePixelRatio();
        Ink out;
        for (int y = int(glyph.top() * dpr); y <= int(glyph.bottom() * dpr); ++y) {
            for (int x = int(glyph.left() * dpr); x <= int(glyph.right() * dpr); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (qAbs(c.lightness() - base.lightness()) > 40)
                    ++out.any;
                if (c.blue() > c.red() + 60 && c.blue() > c.green() + 30)
                    ++out.linkish;
            }
        }
        return out;
    };
    const Ink sent = ink();
    model.setState(ours.id, ChatMessage::State::Delivered);
    const Ink delivered = ink();
    model.setState(ours.id, ChatMessage::State::Read);
    const Ink read = ink();
    QVERIFY2(sent.any > 5, "one tick");
    QVERIFY2(delivered.any > sent.any * 1.4, "two ticks");
    QCOMPARE(sent.linkish, 0);
    QCOMPARE(delivered.linkish, 0);
    QVERIFY2(read.linkish > 5, "two ticks in the link colour");
    Q_UNUSED(link);

    // In words: tooltip and screen readers.
    QVERIFY(view.messageDelegate()->toolTipAt(option, index, glyph.center()).startsWith(u"Read"_s));
    QVERIFY(index.data(Qt::AccessibleTextRole).toString().endsWith(u"(read)"_s));
    model.setState(ours.id, ChatMessage::State::Delivered);
    QVERIFY(index.data(Qt::AccessibleTextRole).toString().endsWith(u"(delivered)"_s));
    for (const auto state :
         {ChatMessage::State::Sent, ChatMessage::State::Delivered, ChatMessage::State::Read})
        QVERIFY(!MessageDelegate::stateText(int(state), {}).isEmpty());
}

void tst_MessageDelegate::editedMessagesShowTheMarkAndTheirHistory()
{
    ConversationModel model(Juliet);
    model.append(message(u"Helo"_s, QDateTime::currentDateTime()));
    const QDateTime at = QDateTime::currentDateTimeUtc();
    model.correct(0, u"Hello"_s, at);
    model.correct(0, u"Hello!"_s, at);
    const QModelIndex index = model.index(0);
    QVERIFY(index.data(ConversationModel::EditedRole).toBool());
    QCOMPARE(index.data(ConversationModel::PreviousBodiesRole).toStringList(),
             (QStringList{u"Helo"_s, u"Hello"_s}));
    QVERIFY(index.data(Qt::AccessibleTextRole).toString().contains(u"(edited)"_s));

    MessageView view;
    view.setModel(&model);
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QApplication::processEvents();
    QStyleOptionViewItem option;
    option.initFrom(&view);
    option.widget = &view;
    option.font = view.font();
    option.rect = view.visualRect(index);
    const QString tip =
        view.messageDelegate()->toolTipAt(option, index, option.rect.topLeft() + QPoint(2, 2));
    QVERIFY2(tip.contains(u"“Helo”"_s) && tip.contains(u"“Hello”"_s), qPrintable(tip));
    // The history in its own window (context menu "Show Edit History…").
    QDialog *history = view.showHistoryOf(index);
    QVERIFY(history);
    auto *text = history->findChild<QPlainTextEdit *>();
    QVERIFY(text);
    QVERIFY(text->toPlainText().contains(u"Original:\nHelo"_s));
    QVERIFY(text->toPlainText().contains(u"Hello!"_s));
    history->close();
}

void tst_MessageDelegate::deletedMessagesSaySo()
{
    ConversationModel model(Juliet);
    model.append(message(u"Something I regret"_s, QDateTime::currentDateTime()));
    model.retract(0);
    const QModelIndex index = model.index(0);
    QVERIFY(index.data(ConversationModel::RetractedRole).toBool());
    QVERIFY(index.data(ConversationModel::BodyRole).toString().isEmpty());
    QVERIFY(index.data(Qt::AccessibleTextRole).toString().contains(u"deleted"_s));
    MessageView view;
    view.setModel(&model);
    view.resize(400, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QApplication::processEvents();
    QVERIFY(view.visualRect(index).height() >= view.fontMetrics().height());
    view.selectionModel()->select(index, QItemSelectionModel::ClearAndSelect);
    QCOMPARE(view.selectedText(), MessageDelegate::deletedText());
    QCOMPARE(MessageDelegate::deletedText(), u"This message was deleted"_s);
}

QTEST_MAIN(tst_MessageDelegate)
#include "tst_messagedelegate.moc"
