// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/StanzaTransport.h"

#include <QDateTime>
#include <QList>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTextCharFormat;

namespace natter {

class Account;

// The XML console (as in Psi and Gajim): the account's stanzas in and out as they pass, with
// passwords and SASL payloads masked by the transport. While the window is open it turns the
// transport's tracing on (and restores the previous setting when it closes). A filter (text and
// in/out), pause, clear, optional pretty-printing, and a bounded buffer of the last entries.
// "Send raw XML" sends one well-formed element through RawXmlSender; anything else is refused
// with a message and nothing is sent.
class XmlConsoleWindow : public QWidget
{
    Q_OBJECT
public:
    static constexpr int DefaultMaximumEntries = 5000;

    explicit XmlConsoleWindow(Account *account, QWidget *parent = nullptr);
    ~XmlConsoleWindow() override;

    // Entries kept (the oldest are dropped beyond it).
    void setMaximumEntries(int maximum);
    int maximumEntries() const { return m_maximumEntries; }
    int entryCount() const { return int(m_entries.size()); }
    int visibleEntryCount() const;

    void setFilterText(const QString &text);
    void setShowIncoming(bool show);
    void setShowOutgoing(bool show);
    void setPrettyPrint(bool on);
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    void clear();

    // What the log shows, as plain text (tests, "copy all").
    QString logText() const;
    // The last error of "Send raw XML", empty after a successful send.
    QString sendError() const;

public Q_SLOTS:
    // Sends what is in the raw-XML input. Returns true when it went out.
    bool sendRawXml();

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;
    void changeEvent(QEvent *event) override;
    QSize sizeHint() const override;

private:
    struct Entry
    {
        StanzaTransport::Direction direction;
        QDateTime time;
        QString xml;
        int shownBlocks = 0; // blocks this entry takes in the log; 0 when filtered out
    };

    void onTraffic(StanzaTransport::Direction direction, const QString &xml);
    bool matches(const Entry &entry) const;
    void appendToLog(Entry &entry);
    void rebuildLog();
    void dropOldest();
    void updateStatus();
    void updateTitle();
    void setTracing(bool on);
    void showSendError(const QString &error);
    QTextCharFormat headerFormat() const;
    QTextCharFormat bodyFormat(StanzaTransport::Direction direction) const;

    Account *m_account;
    QList<Entry> m_entries;
    int m_maximumEntries = DefaultMaximumEntries;
    int m_missedWhilePaused = 0;
    bool m_paused = false;
    bool m_tracing = false;
    bool m_previousTrace = false;

    QLineEdit *m_filter;
    QCheckBox *m_incoming;
    QCheckBox *m_outgoing;
    QCheckBox *m_pretty;
    QPushButton *m_pause;
    QPushButton *m_clear;
    QPlainTextEdit *m_log;
    QLabel *m_status;
    QPlainTextEdit *m_input;
    QPushButton *m_send;
    QWidget *m_errorBox;
    QLabel *m_errorIcon;
    QLabel *m_error;
};

} // namespace natter
