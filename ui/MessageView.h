// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QElapsedTimer>
#include <QListView>
#include <QPointer>
#include <QUrl>

#include <functional>

class QMenu;
class QDialog;
class QTimer;

namespace natter {

class MessageDelegate;

// The messages of a conversation (a ConversationModel) painted by a MessageDelegate. Follows new
// messages while scrolled to the bottom. Links open on click: http(s) in the browser
// (QDesktopServices), xmpp: links through xmppLinkActivated. Copying: Ctrl+C and "Copy Text"
// copy the selected messages (several with Ctrl/Shift+click); for a part of a message,
// "Select Text…" (or a double-click) shows it in a read-only text window where any part can be
// selected and copied. A corrected message offers "Show Edit History…", our own sent ones
// "Delete for Everyone…" (retractRequested; the owner asks for confirmation).
// Scrolled to the top (also a wheel turn, Up, PageUp or Home there when the messages do not fill
// the view) it asks for older messages (olderRequested); while the model is a window that does
// not reach the newest message (setHasNewer()), the bottom likewise asks for newer ones
// (newerRequested) and new rows are not followed. Rows inserted above or removed above keep the
// message at the top of the view where it was. scrollToMessage() centres a message and
// highlights it for a moment (HighlightMs).
class MessageView : public QListView
{
    Q_OBJECT
public:
    explicit MessageView(QWidget *parent = nullptr);

    MessageDelegate *messageDelegate() const { return m_delegate; }

    void setModel(QAbstractItemModel *model) override;

    // Default true. Off: links are only reported (linkActivated), for tests.
    void setOpenExternalLinks(bool open) { m_openExternalLinks = open; }

    // The text of the selected messages: one message as is, several with sender and time.
    QString selectedText() const;
    void copySelection() const;
    // The link at a point of the viewport, if any.
    QUrl linkAt(const QPoint &viewportPos) const;
    // The context menu for the message at a point of the viewport (caller owns it).
    QMenu *createContextMenu(const QPoint &viewportPos);
    // Shows the message in a read-only text window for selecting a part of it.
    QDialog *showTextOf(const QModelIndex &index);
    // Whether new messages scroll into view (the view is at the bottom of a model that holds
    // the newest message).
    bool isFollowing() const { return m_following; }
    // Whether newer messages exist than the model holds (it is a window scrolled back).
    void setHasNewer(bool hasNewer);
    bool hasNewer() const { return m_hasNewer; }
    // Scrolls to the bottom and follows new messages from now on.
    void followNewest();
    // Centres the message, makes it the current one and highlights it for HighlightMs.
    void scrollToMessage(const QModelIndex &index);
    // The message highlighted now (invalid when none).
    QModelIndex highlightedIndex() const;
    static constexpr int HighlightMs = 2'000;
    // At most one repaint per this many milliseconds while rows are added (60 per second).
    static constexpr int FrameIntervalMs = 16;
    // Whether a repaint is held back now (paceRepaint()); tests: another interval.
    bool isRepaintHeld() const;
    void setFrameInterval(int ms) { m_frameIntervalMs = ms; }
    // Which of our messages may be deleted for everyone now ("Delete for Everyone…" in the
    // context menu; none while unset).
    void setRetractable(std::function<bool(const QString &id)> retractable)
    {
        m_retractable = std::move(retractable);
    }
    // Shows the texts a corrected message had (a read-only text window).
    QDialog *showHistoryOf(const QModelIndex &index);

Q_SIGNALS:
    void linkActivated(const QUrl &url);
    void xmppLinkActivated(const QUrl &url);
    void retryRequested(const QString &id);
    // "Delete for Everyone…" was chosen for our message (not yet confirmed by the user).
    void retractRequested(const QString &id);
    // The user reached the top: older messages are wanted.
    void olderRequested();
    // The user reached the bottom while newer messages exist: newer ones are wanted.
    void newerRequested();
    // Ctrl+End while newer messages exist: the newest ones are wanted at once.
    void newestRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                     const QList<int> &roles = {}) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end) override;
    void wheelEvent(QWheelEvent *event) override;
    void paintEvent(QPaintEvent *event) override;

private:
    void captureAnchor(int start);
    void captureAnchorForRemoval(int first, int last);
    void queueRestore();
    // Scrolls to the newest row once for all rows coming in now (a burst lays out once).
    void queueFollow();
    // Holds the messages' repaint back until FrameIntervalMs after the last one: rows that
    // trickle in over many turns of the event loop (a burst from the server) would otherwise
    // repaint the view for each turn, hundreds of times a second.
    void paceRepaint();
    void restoreAnchor();
    // Emits olderRequested / newerRequested when the scroll bar is at an end.
    void requestAtEnds();
    void activateLink(const QUrl &url);
    QString textOf(const QModelIndex &index, bool withHeader) const;

    MessageDelegate *m_delegate;
    QUrl m_pressedLink;
    bool m_openExternalLinks = true;
    bool m_following = true;
    bool m_hasNewer = false;
    QTimer *m_highlightTimer;
    QTimer *m_frameTimer;      // paceRepaint(): runs while repaints are held back
    QElapsedTimer m_lastPaint; // since the viewport was last painted
    int m_frameIntervalMs = FrameIntervalMs;
    QPointer<QDialog> m_textDialog;
    std::function<bool(const QString &id)> m_retractable;
    // The message at the top of the view while rows are inserted, and its offset.
    QPersistentModelIndex m_anchor;
    int m_anchorTop = 0;
    bool m_restoreQueued = false;
    bool m_followQueued = false;
    QMetaObject::Connection m_aboutToInsert;
    QMetaObject::Connection m_removed;
};

} // namespace natter
