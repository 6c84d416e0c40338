// SPDX-License-Identifier: GPL-3.0-or-later
#include "XmlConsoleWindow.h"

#include "Icons.h"
#include "account/Account.h"
#include "services/RawXmlSender.h"
#include "services/XmlConsoleFormatter.h"

#include <QCheckBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QShowEvent>
#include <QSplitter>
#include <QStyle>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace natter {

namespace {

// A colour between a and b (t = 0: a, t = 1: b).
QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                            a.greenF() + (b.greenF() - a.greenF()) * t,
                            a.blueF() + (b.blueF() - a.blueF()) * t);
}

} // namespace

XmlConsoleWindow::XmlConsoleWindow(Account *account, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_account(account)
{
    setWindowIcon(Icons::action(u"console"_s));
    setAccessibleName(tr("XML console"));
    updateTitle();

    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);

    // Filter row
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(u"filter"_s);
    m_filter->setPlaceholderText(tr("Filter (text in the XML)"));
    m_filter->setAccessibleName(tr("Filter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->addAction(Icons::action(u"search"_s), QLineEdit::LeadingPosition);
    m_filter->setMinimumWidth(QFontMetrics(font()).averageCharWidth() * 16);
    auto *filterLabel = new QLabel(tr("&Filter:"), this);
    filterLabel->setBuddy(m_filter);

    m_incoming = new QCheckBox(tr("&Incoming"), this);
    m_incoming->setObjectName(u"incoming"_s);
    m_incoming->setAccessibleName(tr("Show incoming XML"));
    m_incoming->setChecked(true);
    m_outgoing = new QCheckBox(tr("&Outgoing"), this);
    m_outgoing->setObjectName(u"outgoing"_s);
    m_outgoing->setAccessibleName(tr("Show outgoing XML"));
    m_outgoing->setChecked(true);
    m_pretty = new QCheckBox(tr("&Indent"), this);
    m_pretty->setObjectName(u"pretty"_s);
    m_pretty->setAccessibleName(tr("Indent the XML"));
    m_pretty->setToolTip(tr("Show each element on its own line, indented"));
    m_pretty->setChecked(true);
    m_pause = new QPushButton(tr("&Pause"), this);
    m_pause->setObjectName(u"pause"_s);
    m_pause->setAccessibleName(tr("Pause the log"));
    m_pause->setCheckable(true);
    m_clear = new QPushButton(Icons::action(u"close"_s), tr("C&lear"), this);
    m_clear->setObjectName(u"clear"_s);
    m_clear->setAccessibleName(tr("Clear the log"));

    auto *filterRow = new QHBoxLayout;
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_pause);
    filterRow->addWidget(m_clear);

    // Log
    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(u"log"_s);
    m_log->setAccessibleName(tr("XML log"));
    m_log->setReadOnly(true);
    m_log->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_log->setFont(fixed);
    m_log->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_log->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_log->setUndoRedoEnabled(false);
    m_log->setTabChangesFocus(true);
    m_log->setPlaceholderText(tr("Stanzas sent and received appear here while this window is "
                                 "open."));

    m_status = new QLabel(this);
    m_status->setObjectName(u"status"_s);
    m_status->setWordWrap(true);
    m_status->setMinimumWidth(QFontMetrics(font()).averageCharWidth() * 12);
    m_status->setAccessibleName(tr("Log status"));

    // Send raw XML
    auto *sendPanel = new QWidget(this);
    m_input = new QPlainTextEdit(sendPanel);
    m_input->setObjectName(u"input"_s);
    m_input->setAccessibleName(tr("Raw XML to send"));
    m_input->setFont(fixed);
    m_input->setTabChangesFocus(true);
    m_input->setPlaceholderText(tr("One element, e.g. <iq type='get' id='ping1'><ping "
                                   "xmlns='urn:xmpp:ping'/></iq>"));
    m_input->setMinimumHeight(QFontMetrics(fixed).lineSpacing() * 3 + 2 * m_input->frameWidth() +
                              int(m_input->document()->documentMargin() * 2));
    auto *inputLabel = new QLabel(tr("Send &raw XML:"), sendPanel);
    inputLabel->setBuddy(m_input);
    m_send = new QPushButton(Icons::action(u"send"_s), tr("&Send"), sendPanel);
    m_send->setObjectName(u"send"_s);
    m_send->setAccessibleName(tr("Send raw XML"));
    m_send->setToolTip(
        tr("Send (%1)")
            .arg(QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText)));
    m_send->setEnabled(false);

    m_errorBox = new QWidget(sendPanel);
    m_errorIcon = new QLabel(m_errorBox);
    m_error = new QLabel(m_errorBox);
    m_error->setObjectName(u"sendError"_s);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setAccessibleName(tr("Send error"));
    auto *errorLayout = new QHBoxLayout(m_errorBox);
    errorLayout->setContentsMargins(0, 0, 0, 0);
    errorLayout->addWidget(m_errorIcon, 0, Qt::AlignTop);
    errorLayout->addWidget(m_error, 1);
    m_errorBox->hide();

    auto *sendRow = new QHBoxLayout;
    sendRow->addWidget(m_input, 1);
    sendRow->addWidget(m_send, 0, Qt::AlignBottom);
    auto *sendLayout = new QVBoxLayout(sendPanel);
    sendLayout->setContentsMargins(0, 0, 0, 0);
    sendLayout->addWidget(inputLabel);
    sendLayout->addLayout(sendRow, 1);
    sendLayout->addWidget(m_errorBox);

    auto *logPanel = new QWidget(this);
    auto *logLayout = new QVBoxLayout(logPanel);
    logLayout->setContentsMargins(0, 0, 0, 0);
    logLayout->addWidget(m_log, 1);
    // Under the log: what it shows, and the switches that decide it.
    auto *viewRow = new QHBoxLayout;
    viewRow->addWidget(m_status, 1);
    viewRow->addWidget(m_incoming);
    viewRow->addWidget(m_outgoing);
    viewRow->addWidget(m_pretty);
    logLayout->addLayout(viewRow);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(logPanel);
    splitter->addWidget(sendPanel);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filterRow);
    layout->addWidget(splitter, 1);

    setTabOrder(m_filter, m_pause);
    setTabOrder(m_pause, m_clear);
    setTabOrder(m_clear, m_log);
    setTabOrder(m_log, m_incoming);
    setTabOrder(m_incoming, m_outgoing);
    setTabOrder(m_outgoing, m_pretty);
    setTabOrder(m_pretty, m_input);
    setTabOrder(m_input, m_send);

    connect(m_filter, &QLineEdit::textChanged, this, &XmlConsoleWindow::rebuildLog);
    connect(m_incoming, &QCheckBox::toggled, this, &XmlConsoleWindow::rebuildLog);
    connect(m_outgoing, &QCheckBox::toggled, this, &XmlConsoleWindow::rebuildLog);
    connect(m_pretty, &QCheckBox::toggled, this, &XmlConsoleWindow::rebuildLog);
    connect(m_pause, &QPushButton::toggled, this, &XmlConsoleWindow::setPaused);
    connect(m_clear, &QPushButton::clicked, this, &XmlConsoleWindow::clear);
    connect(m_input, &QPlainTextEdit::textChanged, this,
            [this] { m_send->setEnabled(!m_input->toPlainText().trimmed().isEmpty()); });
    connect(m_send, &QPushButton::clicked, this, &XmlConsoleWindow::sendRawXml);
    for (const QKeySequence &key :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto *shortcut = new QShortcut(key, m_input);
        shortcut->setContext(Qt::WidgetShortcut);
        connect(shortcut, &QShortcut::activated, this, &XmlConsoleWindow::sendRawXml);
    }
    auto *find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    auto *close = new QShortcut(QKeySequence::Close, this);
    connect(close, &QShortcut::activated, this, &QWidget::close);

    connect(m_account, &Account::xmlTraffic, this, &XmlConsoleWindow::onTraffic);
    connect(m_account, &Account::stateChanged, this, &XmlConsoleWindow::updateTitle);

    updateStatus();
}

XmlConsoleWindow::~XmlConsoleWindow()
{
    setTracing(false);
}

void XmlConsoleWindow::updateTitle()
{
    const QString jid = m_account->jid().bareString();
    setWindowTitle(jid.isEmpty() ? tr("XML Console — Natter")
                                 : tr("XML Console: %1 — Natter").arg(jid));
}

void XmlConsoleWindow::setTracing(bool on)
{
    if (on == m_tracing || !m_account->transport())
        return;
    m_tracing = on;
    if (on) {
        m_previousTrace = m_account->transport()->isTraceEnabled();
        m_account->transport()->setTraceEnabled(true);
    } else {
        m_account->transport()->setTraceEnabled(m_previousTrace);
    }
}

void XmlConsoleWindow::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    setTracing(true);
}

void XmlConsoleWindow::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    // Minimising is a spontaneous hide: keep tracing then; closing or hiding stops it.
    if (!event->spontaneous())
        setTracing(false);
}

void XmlConsoleWindow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        rebuildLog(); // the in/out colours come from the palette
}

QSize XmlConsoleWindow::sizeHint() const
{
    const QFontMetrics fm(m_log->font());
    return {fm.horizontalAdvance(u'x') * 100, fm.lineSpacing() * 36};
}

void XmlConsoleWindow::onTraffic(StanzaTransport::Direction direction, const QString &xml)
{
    if (!m_tracing)
        return; // another user of the trace (--debug-xml) while the window is closed
    m_entries.append(Entry{direction, QDateTime::currentDateTime(), xml, 0});
    while (m_entries.size() > m_maximumEntries)
        dropOldest();
    if (m_paused)
        ++m_missedWhilePaused;
    else
        appendToLog(m_entries.last());
    updateStatus();
}

bool XmlConsoleWindow::matches(const Entry &entry) const
{
    const bool in = entry.direction == StanzaTransport::Direction::In;
    if (in && !m_incoming->isChecked())
        return false;
    if (!in && !m_outgoing->isChecked())
        return false;
    const QString filter = m_filter->text().trimmed();
    return filter.isEmpty() || entry.xml.contains(filter, Qt::CaseInsensitive);
}

QTextCharFormat XmlConsoleWindow::headerFormat() const
{
    QTextCharFormat format;
    format.setForeground(palette().color(QPalette::PlaceholderText));
    format.setFontWeight(QFont::Bold);
    return format;
}

QTextCharFormat XmlConsoleWindow::bodyFormat(StanzaTransport::Direction direction) const
{
    // Incoming in the text colour, outgoing in a colour between text and highlight: distinct in
    // light and dark palettes. The header names the direction too, so colour is not the only cue.
    const QPalette &p = palette();
    QTextCharFormat format;
    if (direction == StanzaTransport::Direction::In)
        format.setForeground(p.color(QPalette::Text));
    else
        format.setForeground(mix(p.color(QPalette::Text), p.color(QPalette::Highlight), 0.7));
    return format;
}

void XmlConsoleWindow::appendToLog(Entry &entry)
{
    entry.shownBlocks = 0;
    if (!matches(entry))
        return;
    QScrollBar *bar = m_log->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;

    const QString header = (entry.direction == StanzaTransport::Direction::In ? tr("Received at %1")
                                                                              : tr("Sent at %1"))
                               .arg(QLocale().toString(entry.time.time(), u"HH:mm:ss.zzz"_s));
    const QString body = m_pretty->isChecked() ? XmlConsoleFormatter::format(entry.xml) : entry.xml;

    QTextCursor cursor(m_log->document());
    cursor.movePosition(QTextCursor::End);
    const int before = m_log->document()->blockCount();
    const bool empty = m_log->document()->isEmpty();
    cursor.beginEditBlock();
    if (!empty)
        cursor.insertBlock();
    cursor.insertText(header, headerFormat());
    cursor.insertBlock();
    cursor.insertText(body, bodyFormat(entry.direction));
    cursor.endEditBlock();
    // The first entry goes into the document's initial (empty) block.
    entry.shownBlocks = m_log->document()->blockCount() - before + (empty ? 1 : 0);

    if (atBottom)
        bar->setValue(bar->maximum());
}

void XmlConsoleWindow::rebuildLog()
{
    m_log->clear();
    m_missedWhilePaused = 0;
    for (Entry &entry : m_entries)
        appendToLog(entry);
    m_log->verticalScrollBar()->setValue(m_log->verticalScrollBar()->maximum());
    updateStatus();
}

void XmlConsoleWindow::dropOldest()
{
    const Entry oldest = m_entries.takeFirst();
    if (oldest.shownBlocks == 0)
        return;
    QTextDocument *doc = m_log->document();
    QTextCursor cursor(doc);
    cursor.movePosition(QTextCursor::Start);
    if (oldest.shownBlocks >= doc->blockCount()) {
        m_log->clear();
        return;
    }
    // Select the entry's blocks and the break before the next entry's header.
    cursor.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor, oldest.shownBlocks);
    cursor.removeSelectedText();
}

int XmlConsoleWindow::visibleEntryCount() const
{
    int n = 0;
    for (const Entry &entry : m_entries)
        n += entry.shownBlocks > 0 ? 1 : 0;
    return n;
}

void XmlConsoleWindow::updateStatus()
{
    QString text = tr("Entries shown: %n", nullptr, visibleEntryCount());
    if (visibleEntryCount() != entryCount())
        text = tr("%1 of %n", nullptr, entryCount()).arg(text);
    if (m_paused)
        text += u" · "_s + tr("paused, %n new", nullptr, m_missedWhilePaused);
    m_status->setText(text);
}

void XmlConsoleWindow::setMaximumEntries(int maximum)
{
    m_maximumEntries = qMax(1, maximum);
    while (m_entries.size() > m_maximumEntries)
        dropOldest();
    updateStatus();
}

void XmlConsoleWindow::setFilterText(const QString &text)
{
    m_filter->setText(text);
}

void XmlConsoleWindow::setShowIncoming(bool show)
{
    m_incoming->setChecked(show);
}

void XmlConsoleWindow::setShowOutgoing(bool show)
{
    m_outgoing->setChecked(show);
}

void XmlConsoleWindow::setPrettyPrint(bool on)
{
    m_pretty->setChecked(on);
}

void XmlConsoleWindow::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    m_pause->setChecked(paused);
    m_pause->setText(paused ? tr("&Resume") : tr("&Pause"));
    m_pause->setAccessibleName(paused ? tr("Resume the log") : tr("Pause the log"));
    if (!paused && m_missedWhilePaused > 0)
        rebuildLog();
    m_missedWhilePaused = 0;
    updateStatus();
}

void XmlConsoleWindow::clear()
{
    m_entries.clear();
    m_log->clear();
    m_missedWhilePaused = 0;
    updateStatus();
}

QString XmlConsoleWindow::logText() const
{
    return m_log->toPlainText();
}

QString XmlConsoleWindow::sendError() const
{
    return m_errorBox->isHidden() ? QString() : m_error->text();
}

void XmlConsoleWindow::showSendError(const QString &error)
{
    if (error.isEmpty()) {
        m_errorBox->hide();
        m_error->clear();
        return;
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_errorIcon->setPixmap(
        Icons::action(u"error"_s).pixmap(QSize(size, size), devicePixelRatioF()));
    m_error->setText(error);
    m_errorBox->show();
}

bool XmlConsoleWindow::sendRawXml()
{
    const QString xml = m_input->toPlainText();
    if (xml.trimmed().isEmpty())
        return false;
    RawXmlSender sender(m_account);
    const QString error = sender.send(xml);
    showSendError(error);
    if (!error.isEmpty()) {
        m_input->setFocus(Qt::OtherFocusReason);
        return false;
    }
    m_input->clear();
    return true;
}

} // namespace natter
