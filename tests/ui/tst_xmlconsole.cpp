// SPDX-License-Identifier: GPL-3.0-or-later
// XmlConsoleWindow over an Account on a FakeTransport: tracing follows the window, traffic is
// shown with its direction, filtered, paused, bounded; raw XML is sent only when well-formed.
#include "FakeTransport.h"
#include "UiTestUtil.h"
#include "XmlConsoleWindow.h"
#include "account/Account.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTranslator>

using namespace Qt::StringLiterals;
using namespace natter;

namespace {

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
    p.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xec));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x20));
    p.setColor(QPalette::AlternateBase, QColor(0x33, 0x33, 0x36));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xec));
    p.setColor(QPalette::PlaceholderText, QColor(0x99, 0x99, 0x99));
    p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3d));
    p.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xec));
    p.setColor(QPalette::Highlight, QColor(0x3a, 0x8c, 0xe8));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x50, 0x50, 0x55));
    p.setColor(QPalette::Midlight, QColor(0x45, 0x45, 0x48));
    p.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x33));
    p.setColor(QPalette::Dark, QColor(0x20, 0x20, 0x22));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x77, 0x77, 0x77));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x77, 0x77, 0x77));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x77, 0x77, 0x77));
    return p;
}

const QString StreamHeader =
    u"<?xml version='1.0'?><stream:stream to='capulet.lit' version='1.0' xml:lang='en' "
    "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"_s;
const QString MaskedAuth =
    u"<auth xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\" mechanism=\"SCRAM-SHA-1\">[masked]</auth>"_s;
const QString RosterResult =
    u"<iq type=\"result\" id=\"r1\" to=\"juliet@capulet.lit/balcony\"><query "
    "xmlns=\"jabber:iq:roster\" ver=\"v2\"><item jid=\"romeo@montague.lit\" name=\"Romeo\" "
    "subscription=\"both\"><group>Friends</group></item><item jid=\"nurse@capulet.lit\" "
    "name=\"Nurse\" subscription=\"both\"/></query></iq>"_s;
const QString IncomingMessage =
    u"<message from=\"romeo@montague.lit/orchard\" to=\"juliet@capulet.lit/balcony\" "
    "type=\"chat\" id=\"m1\"><body>Shall I hear more, or shall I speak at this? &lt;b&gt;</body>"
    "</message>"_s;

} // namespace

class TestXmlConsole : public QObject
{
    Q_OBJECT

private:
    FakeTransport *m_transport = nullptr;
    Account *m_account = nullptr;

    void emitTraffic(StanzaTransport::Direction direction, const QString &xml)
    {
        // What ClientStream emits while tracing; FakeTransport does not trace by itself.
        if (m_transport->isTraceEnabled())
            Q_EMIT m_transport->xmlTraffic(direction, xml);
    }
    void emitConversation()
    {
        using D = StanzaTransport::Direction;
        emitTraffic(D::Out, StreamHeader);
        emitTraffic(D::Out, MaskedAuth);
        emitTraffic(D::In,
                    u"<success xmlns=\"urn:ietf:params:xml:ns:xmpp-sasl\">[masked]</success>"_s);
        emitTraffic(D::Out,
                    u"<iq type=\"get\" id=\"r1\"><query xmlns=\"jabber:iq:roster\"/></iq>"_s);
        emitTraffic(D::In, RosterResult);
        emitTraffic(D::In, IncomingMessage);
    }

private Q_SLOTS:
    void init()
    {
        QApplication::setPalette(QApplication::style()->standardPalette());
        m_transport = new FakeTransport;
        m_account = new Account(m_transport);
        ConnectionSettings settings;
        settings.jid = Jid::fromString(u"juliet@capulet.lit");
        settings.password = u"secret"_s;
        m_account->setSettings(settings);
        m_account->connectToServer();
        QVERIFY(m_account->isOnline());
        m_transport->clearSent();
    }
    void cleanup()
    {
        delete m_account;
        m_account = nullptr;
    }

    void tracingFollowsTheWindow()
    {
        QVERIFY(!m_transport->isTraceEnabled());
        {
            XmlConsoleWindow window(m_account);
            QVERIFY(!m_transport->isTraceEnabled()); // not before it is shown
            window.show();
            QVERIFY(m_transport->isTraceEnabled());
            window.close();
            QVERIFY(!m_transport->isTraceEnabled());
            window.show();
            QVERIFY(m_transport->isTraceEnabled());
        }
        QVERIFY(!m_transport->isTraceEnabled()); // destroyed while open

        // Someone else traced before (--debug-xml): that stays on after the console closes.
        m_transport->setTraceEnabled(true);
        XmlConsoleWindow window(m_account);
        window.show();
        window.close();
        QVERIFY(m_transport->isTraceEnabled());
    }

    void showsTrafficWithDirectionAndMaskedSecrets()
    {
        XmlConsoleWindow window(m_account);
        window.resize(900, 640);
        window.show();
        emitConversation();
        QCOMPARE(window.entryCount(), 6);
        QCOMPARE(window.visibleEntryCount(), 6);
        const QString log = window.logText();
        QVERIFY(log.contains(u"[masked]"));
        QVERIFY(!log.contains(u"secret"));
        QCOMPARE(log.count(u"Sent at "), 3);
        QCOMPARE(log.count(u"Received at "), 3);
        // Indented by default; the stream header, not one element, as it came.
        QVERIFY2(log.contains(u"\n  <query xmlns=\"jabber:iq:roster\" ver=\"v2\">\n"),
                 qPrintable(log));
        QVERIFY(log.contains(StreamHeader));
        // Text stays escaped: the log is plain text, never rendered markup.
        QVERIFY(log.contains(u"&lt;b&gt;"));
        QVERIFY(window.findChild<QPlainTextEdit *>(u"log"_s)->document()->toHtml().contains(
            u"&amp;lt;b&amp;gt;"));

        window.setPrettyPrint(false);
        QVERIFY(window.logText().contains(RosterResult));

        // Incoming and outgoing are told apart by colour too.
        auto *log2 = window.findChild<QPlainTextEdit *>(u"log"_s);
        QTextBlock block = log2->document()->begin();
        QColor outColour, inColour;
        for (; block.isValid(); block = block.next()) {
            const QString text = block.text();
            if (text.startsWith(u"<auth"))
                outColour = block.begin().fragment().charFormat().foreground().color();
            if (text.startsWith(u"<message"))
                inColour = block.begin().fragment().charFormat().foreground().color();
        }
        QVERIFY(outColour.isValid() && inColour.isValid());
        QVERIFY(outColour != inColour);
        window.setPrettyPrint(true);
        test::saveScreenshot(&window, u"xmlconsole-light"_s);
    }

    void nothingIsRecordedWhileClosed()
    {
        XmlConsoleWindow window(m_account);
        m_transport->setTraceEnabled(true); // --debug-xml
        emitConversation();
        QCOMPARE(window.entryCount(), 0);
        m_transport->setTraceEnabled(false);
    }

    void filters()
    {
        XmlConsoleWindow window(m_account);
        window.show();
        emitConversation();
        auto *filter = window.findChild<QLineEdit *>(u"filter"_s);
        QTest::keyClicks(filter, u"ROMEO"_s);    // case-insensitive
        QCOMPARE(window.visibleEntryCount(), 2); // roster result and message
        QVERIFY(window.logText().contains(u"Shall I hear more"));
        QVERIFY(!window.logText().contains(u"<auth"));
        auto *status = window.findChild<QLabel *>(u"status"_s);
        QVERIFY2(status->text().contains(u"Entries shown: 2") && status->text().contains(u"of 6"),
                 qPrintable(status->text()));

        // In/out toggles, driven with the mouse.
        filter->clear();
        auto *incoming = window.findChild<QCheckBox *>(u"incoming"_s);
        QTest::mouseClick(incoming, Qt::LeftButton, {}, QPoint(4, incoming->height() / 2));
        QVERIFY(!incoming->isChecked());
        QCOMPARE(window.visibleEntryCount(), 3);
        QVERIFY(!window.logText().contains(u"Received at"));
        auto *outgoing = window.findChild<QCheckBox *>(u"outgoing"_s);
        outgoing->setChecked(false);
        QCOMPARE(window.visibleEntryCount(), 0);
        incoming->setChecked(true);
        QCOMPARE(window.visibleEntryCount(), 3);
        QVERIFY(!window.logText().contains(u"Sent at"));

        // New traffic respects the filter too.
        emitTraffic(StanzaTransport::Direction::Out, u"<presence/>"_s);
        QCOMPARE(window.entryCount(), 7);
        QCOMPARE(window.visibleEntryCount(), 3);
    }

    void pausesAndResumes()
    {
        XmlConsoleWindow window(m_account);
        window.show();
        emitTraffic(StanzaTransport::Direction::In, u"<presence from=\"a@b/c\"/>"_s);
        auto *pause = window.findChild<QPushButton *>(u"pause"_s);
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(window.isPaused());
        emitTraffic(StanzaTransport::Direction::In, u"<presence from=\"d@e/f\"/>"_s);
        emitTraffic(StanzaTransport::Direction::In, u"<presence from=\"g@h/i\"/>"_s);
        QVERIFY(!window.logText().contains(u"d@e/f"));
        QVERIFY(window.findChild<QLabel *>(u"status"_s)->text().contains(u"paused, 2 new"));
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(!window.isPaused());
        QVERIFY(window.logText().contains(u"d@e/f"));
        QVERIFY(window.logText().contains(u"g@h/i"));
        QCOMPARE(window.visibleEntryCount(), 3);

        QTest::mouseClick(window.findChild<QPushButton *>(u"clear"_s), Qt::LeftButton);
        QCOMPARE(window.entryCount(), 0);
        QVERIFY(window.logText().isEmpty());
    }

    void keepsTheLastEntriesOnly()
    {
        XmlConsoleWindow window(m_account);
        QCOMPARE(window.maximumEntries(), 5000);
        window.setMaximumEntries(10);
        window.show();
        for (int i = 0; i < 25; ++i)
            emitTraffic(StanzaTransport::Direction::In,
                        u"<message id=\"n%1\"><body>line one\nline two</body></message>"_s.arg(i));
        QCOMPARE(window.entryCount(), 10);
        const QString log = window.logText();
        QVERIFY(!log.contains(u"\"n14\""));
        QVERIFY(log.contains(u"\"n15\""));
        QVERIFY(log.contains(u"\"n24\""));
        QCOMPARE(log.count(u"Received at"), 10);
        QVERIFY2(log.startsWith(u"Received at"), qPrintable(log.left(80)));

        // With a filter in place the dropped entries may be hidden ones.
        window.setFilterText(u"n2"_s);
        QCOMPARE(window.visibleEntryCount(), 5); // n20..n24
        for (int i = 25; i < 30; ++i)
            emitTraffic(StanzaTransport::Direction::In, u"<message id=\"n%1\"/>"_s.arg(i));
        QCOMPARE(window.entryCount(), 10);
        QCOMPARE(window.visibleEntryCount(), 10);
        QVERIFY(window.logText().startsWith(u"Received at"));
        QCOMPARE(window.logText().count(u"Received at"), 10);
    }

    void sendsRawXml()
    {
        XmlConsoleWindow window(m_account);
        window.show();
        auto *input = window.findChild<QPlainTextEdit *>(u"input"_s);
        auto *send = window.findChild<QPushButton *>(u"send"_s);
        QVERIFY(!send->isEnabled());
        QApplication::setActiveWindow(&window); // shortcuts work in the active window
        QVERIFY(QTest::qWaitForWindowActive(&window));
        input->setFocus();
        QTest::keyClicks(
            input,
            u"<iq type='get' id='ping1' to='capulet.lit'><ping xmlns='urn:xmpp:ping'/></iq>"_s);
        QVERIFY(send->isEnabled());
        QTest::keyClick(input, Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(m_transport->sent().size(), 1);
        QCOMPARE(m_transport->lastSent().attribute(u"id"), u"ping1"_s);
        QVERIFY(m_transport->lastSent().firstChild().is(u"urn:xmpp:ping", u"ping"));
        QVERIFY(input->toPlainText().isEmpty());
        QVERIFY(window.sendError().isEmpty());
    }

    void refusesBrokenXml()
    {
        XmlConsoleWindow window(m_account);
        window.resize(700, 500);
        window.show();
        auto *input = window.findChild<QPlainTextEdit *>(u"input"_s);
        auto *send = window.findChild<QPushButton *>(u"send"_s);
        input->setPlainText(u"<message to='romeo@montague.lit'><body>unclosed</message>"_s);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(m_transport->sent().isEmpty());
        QVERIFY(!window.sendError().isEmpty());
        QVERIFY(window.sendError().contains(u"not well-formed"));
        QVERIFY(window.findChild<QLabel *>(u"sendError"_s)->isVisible());
        // The text stays for the user to fix.
        QVERIFY(input->toPlainText().contains(u"unclosed"));
        test::saveScreenshot(&window, u"xmlconsole-send-error"_s);

        input->setPlainText(u"<presence/><presence/>"_s);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(m_transport->sent().isEmpty());
        QVERIFY(window.sendError().contains(u"exactly one"));

        input->setPlainText(u"<presence/>"_s);
        QTest::mouseClick(send, Qt::LeftButton);
        QCOMPARE(m_transport->sent().size(), 1);
        QVERIFY(window.sendError().isEmpty());
        QVERIFY(!window.findChild<QLabel *>(u"sendError"_s)->isVisible());

        // Offline: the account refuses, the window says so.
        m_account->disconnectFromServer();
        input->setPlainText(u"<presence/>"_s);
        QTest::mouseClick(send, Qt::LeftButton);
        QVERIFY(window.sendError().contains(u"Not connected"));
    }

    void everyControlIsNamedAndReachable()
    {
        XmlConsoleWindow window(m_account);
        window.show();
        QVERIFY(!window.windowTitle().isEmpty());
        QVERIFY(window.windowTitle().contains(u"juliet@capulet.lit"));
        const QList<QWidget *> widgets = window.findChildren<QWidget *>();
        for (QWidget *w : widgets) {
            if (w->focusPolicy() & Qt::TabFocus && w->isVisible())
                QVERIFY2(!w->accessibleName().isEmpty(), w->metaObject()->className());
        }
        // Tab walks in reading order: filter row, log, view switches, input.
        auto *filter = window.findChild<QLineEdit *>(u"filter"_s);
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        filter->setFocus();
        QStringList order;
        for (int i = 0; i < 9; ++i) {
            QVERIFY(QApplication::focusWidget());
            order.append(QApplication::focusWidget()->objectName());
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        }
        QCOMPARE(order.mid(0, 8),
                 (QStringList{u"filter"_s, u"pause"_s, u"clear"_s, u"log"_s, u"incoming"_s,
                              u"outgoing"_s, u"pretty"_s, u"input"_s}));
    }

    void german()
    {
        // The translation compiled into the app (:/i18n), and a layout that takes its longer
        // strings.
        QTranslator translator;
        QVERIFY(translator.load(u":/i18n/natter_de.qm"_s));
        QApplication::installTranslator(&translator);
        {
            XmlConsoleWindow window(m_account);
            window.resize(760, 520);
            window.show();
            QCOMPARE(window.windowTitle(), u"XML-Konsole: juliet@capulet.lit – Natter"_s);
            QCOMPARE(window.findChild<QCheckBox *>(u"incoming"_s)->text(), u"&Eingehend"_s);
            emitConversation();
            QVERIFY(window.logText().contains(u"Empfangen um "));
            QVERIFY(window.findChild<QLabel *>(u"status"_s)
                        ->text()
                        .contains(u"Angezeigte Einträge: 6"));
            window.findChild<QPlainTextEdit *>(u"input"_s)->setPlainText(u"<a>"_s);
            QVERIFY(!window.sendRawXml());
            QVERIFY(window.sendError().startsWith(u"Das XML ist unvollständig"));
            test::saveScreenshot(&window, u"xmlconsole-de"_s);
            window.resize(window.minimumSizeHint());
            test::saveScreenshot(&window, u"xmlconsole-de-narrow"_s);
        }
        QApplication::removeTranslator(&translator);
    }

    void darkPaletteAndLongStrings()
    {
        QApplication::setPalette(darkPalette());
        XmlConsoleWindow window(m_account);
        window.resize(900, 640);
        window.show();
        emitConversation();
        emitTraffic(StanzaTransport::Direction::In,
                    u"<message from=\"%1@montague.lit/orchard\"><body>%2</body></message>"_s.arg(
                        QString(60, u'r'), u"Lorem ipsum dolor sit amet "_s.repeated(12)));
        auto *input = window.findChild<QPlainTextEdit *>(u"input"_s);
        input->setPlainText(u"<broken"_s);
        QTest::mouseClick(window.findChild<QPushButton *>(u"send"_s), Qt::LeftButton);
        QVERIFY(!window.sendError().isEmpty());
        // The log is drawn on the palette's base colour, in its text colours.
        auto *log = window.findChild<QPlainTextEdit *>(u"log"_s);
        QCOMPARE(log->palette().color(QPalette::Base), darkPalette().color(QPalette::Base));
        test::saveScreenshot(&window, u"xmlconsole-dark"_s);
        // Narrow: nothing overlaps, the window cannot be made smaller than its layout.
        window.resize(window.minimumSizeHint());
        QVERIFY(window.width() < 900);
        test::saveScreenshot(&window, u"xmlconsole-narrow"_s);
        QApplication::setPalette(QApplication::style()->standardPalette());
    }
};

QTEST_MAIN(TestXmlConsole)
#include "tst_xmlconsole.moc"
