// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageView.h"

#include "MessageDelegate.h"
#include "models/ConversationModel.h"
#include "services/ChatMessage.h"

#include <QClipboard>
#include <QContextMenuEvent>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace natter {

MessageView::MessageView(QWidget *parent)
    : QListView(parent)
    , m_delegate(new MessageDelegate(this))
    , m_highlightTimer(new QTimer(this))
    , m_frameTimer(new QTimer(this))
{
    m_frameTimer->setSingleShot(true);
    connect(m_frameTimer, &QTimer::timeout, this, [this] {
        viewport()->setUpdatesEnabled(true); // repaints all of it
    });
    m_highlightTimer->setSingleShot(true);
    m_highlightTimer->setInterval(HighlightMs);
    connect(m_highlightTimer, &QTimer::timeout, this, [this] {
        m_delegate->setHighlighted({});
        viewport()->update();
    });
    setItemDelegate(m_delegate);
    setAccessibleName(tr("Messages"));
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // Heights depend on the width: lay out again when it changes (wordWrap makes QListView do so).
    setResizeMode(QListView::Adjust);
    setWordWrap(true);
    setUniformItemSizes(false);
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_Hover);
    verticalScrollBar()->setSingleStep(fontMetrics().lineSpacing());

    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        m_following = value >= bar->maximum() && !m_hasNewer;
        if (bar->maximum() > bar->minimum())
            requestAtEnds();
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int max) {
        if (m_following)
            bar->setValue(max);
    });
}

void MessageView::setModel(QAbstractItemModel *model)
{
    disconnect(m_aboutToInsert);
    disconnect(m_removed);
    QListView::setModel(model);
    m_anchor = QPersistentModelIndex();
    m_delegate->setHighlighted({});
    if (model) {
        m_aboutToInsert = connect(model, &QAbstractItemModel::rowsAboutToBeInserted, this,
                                  [this](const QModelIndex &, int start) { captureAnchor(start); });
        m_removed = connect(model, &QAbstractItemModel::rowsRemoved, this, [this] {
            if (m_anchor.isValid())
                queueRestore();
        });
    }
    m_following = !m_hasNewer;
    scrollToBottom();
}

void MessageView::setHasNewer(bool hasNewer)
{
    if (m_hasNewer == hasNewer)
        return;
    m_hasNewer = hasNewer;
    // Scrolled back: new rows are not followed. At the bottom of the newest: they are.
    const QScrollBar *bar = verticalScrollBar();
    m_following = !hasNewer && bar->value() >= bar->maximum();
}

void MessageView::followNewest()
{
    m_following = !m_hasNewer;
    scrollToBottom();
}

void MessageView::requestAtEnds()
{
    if (m_anchor.isValid())
        return; // rows are coming in now
    const QScrollBar *bar = verticalScrollBar();
    if (bar->value() == bar->minimum())
        Q_EMIT olderRequested();
    else if (m_hasNewer && bar->value() == bar->maximum())
        Q_EMIT newerRequested();
}

void MessageView::scrollToMessage(const QModelIndex &index)
{
    if (!index.isValid() || index.model() != model())
        return;
    m_following = false; // until the scroll bar says it is at the bottom
    executeDelayedItemsLayout();
    clearSelection();
    selectionModel()->setCurrentIndex(index, QItemSelectionModel::NoUpdate);
    m_delegate->setHighlighted(index);
    m_highlightTimer->start();
    scrollTo(index, QAbstractItemView::PositionAtCenter);
    viewport()->update();
}

QModelIndex MessageView::highlightedIndex() const
{
    return m_delegate->highlighted();
}

void MessageView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                              const QList<int> &roles)
{
    QListView::dataChanged(topLeft, bottomRight, roles);
    // A failure adds a line with the reason; other state changes keep the height.
    static const QList<int> sizeRoles{
        ConversationModel::ErrorRole,   ConversationModel::BodyRole,
        ConversationModel::SubjectRole, ConversationModel::TimestampRole,
        ConversationModel::KindRole,    Qt::DisplayRole};
    if (roles.isEmpty() || std::any_of(roles.cbegin(), roles.cend(),
                                       [](int role) { return sizeRoles.contains(role); }))
        scheduleDelayedItemsLayout();
}

void MessageView::captureAnchor(int start)
{
    // Older messages come in above what is read: remember the message at the top to keep it
    // there (several rows may come before the view lays out again). Rows added at the end
    // never move it.
    if (!m_following && !m_anchor.isValid() && model() && start < model()->rowCount()) {
        executeDelayedItemsLayout();
        const QModelIndex top = indexAt(QPoint(viewport()->width() / 2, 0));
        if (top.isValid() && start <= top.row()) {
            m_anchor = top;
            m_anchorTop = visualRect(top).top();
        }
    }
}

void MessageView::captureAnchorForRemoval(int first, int last)
{
    // The oldest rows go (the window moves on): keep the message at the top where it is; when
    // the top one itself goes, the first one after it.
    if (m_following || m_anchor.isValid() || !model())
        return;
    executeDelayedItemsLayout();
    const QModelIndex top = indexAt(QPoint(viewport()->width() / 2, 0));
    if (!top.isValid() || first > top.row())
        return;
    const QModelIndex anchor = top.row() <= last ? model()->index(last + 1, 0) : top;
    if (!anchor.isValid())
        return;
    m_anchor = anchor;
    m_anchorTop = visualRect(anchor).top();
}

void MessageView::rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end)
{
    if (!parent.isValid())
        captureAnchorForRemoval(start, end);
    QListView::rowsAboutToBeRemoved(parent, start, end);
}

void MessageView::queueRestore()
{
    // Once for all rows inserted or removed now, before the view is painted again.
    if (m_restoreQueued)
        return;
    m_restoreQueued = true;
    QMetaObject::invokeMethod(this, &MessageView::restoreAnchor, Qt::QueuedConnection);
}

void MessageView::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    m_lastPaint.start();
}

bool MessageView::isRepaintHeld() const
{
    return m_frameTimer->isActive();
}

void MessageView::paceRepaint()
{
    if (m_frameTimer->isActive() || !m_lastPaint.isValid())
        return;
    const qint64 since = m_lastPaint.elapsed();
    if (since >= m_frameIntervalMs)
        return; // painting at the next turn keeps within the rate
    // Updates of the viewport are dropped until the timer enables them again, which repaints
    // it whole; nothing else paints over the viewport meanwhile, so it shows what it showed.
    viewport()->setUpdatesEnabled(false);
    m_frameTimer->start(int(m_frameIntervalMs - since));
}

void MessageView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    const bool follow = m_following;
    paceRepaint();
    QListView::rowsInserted(parent, start, end);
    if (follow)
        queueFollow();
    else if (m_anchor.isValid())
        queueRestore();
}

void MessageView::queueFollow()
{
    // scrollToBottom() lays every row out at once; messages arriving together (a burst read
    // from the server in one go) must cost one layout, not one each.
    if (m_followQueued)
        return;
    m_followQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_followQueued = false;
            if (m_following)
                scrollToBottom();
        },
        Qt::QueuedConnection);
}

void MessageView::restoreAnchor()
{
    m_restoreQueued = false;
    if (!m_anchor.isValid())
        return;
    // The anchor stays set meanwhile: the layout may move the scroll bar to an end on the way
    // (the rows that came are shorter than those that went), which asks for nothing.
    executeDelayedItemsLayout();
    QScrollBar *bar = verticalScrollBar();
    const int value = bar->value() + visualRect(m_anchor).top() - m_anchorTop;
    m_anchor = QPersistentModelIndex();
    bar->setValue(value);
}

void MessageView::wheelEvent(QWheelEvent *event)
{
    QScrollBar *bar = verticalScrollBar();
    // Messages that do not fill the view cannot be scrolled; turning up (or down, in a window
    // scrolled back) still asks for more.
    if (event->angleDelta().y() > 0 && bar->value() == bar->minimum())
        Q_EMIT olderRequested();
    else if (event->angleDelta().y() < 0 && m_hasNewer && bar->value() == bar->maximum())
        Q_EMIT newerRequested();
    QListView::wheelEvent(event);
}

QString MessageView::textOf(const QModelIndex &index, bool withHeader) const
{
    const auto kind = ChatMessage::Kind(index.data(ConversationModel::KindRole).toInt());
    const QString body = index.data(ConversationModel::BodyRole).toString();
    const QString subject = index.data(ConversationModel::SubjectRole).toString();
    QString text;
    if (index.data(ConversationModel::RetractedRole).toBool()) {
        text = MessageDelegate::deletedText();
    } else if (kind == ChatMessage::Kind::Error) {
        text = tr("Error: %1").arg(index.data(ConversationModel::ErrorRole).toString());
        if (!body.isEmpty())
            text += u'\n' + body;
    } else if (!subject.isEmpty()) {
        text = body.isEmpty() ? subject : subject + u'\n' + body;
    } else {
        text = body;
    }
    if (!withHeader)
        return text;
    const QDateTime time = index.data(ConversationModel::TimestampRole).toDateTime().toLocalTime();
    return tr("[%1] %2: %3")
        .arg(QLocale().toString(time, QLocale::ShortFormat),
             index.data(ConversationModel::SenderRole).toString(), text);
}

QString MessageView::selectedText() const
{
    if (!selectionModel())
        return {};
    QModelIndexList rows = selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    if (rows.size() == 1)
        return textOf(rows.first(), false);
    QStringList lines;
    for (const QModelIndex &index : std::as_const(rows))
        lines.append(textOf(index, true));
    return lines.join(u'\n');
}

void MessageView::copySelection() const
{
    const QString text = selectedText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

QUrl MessageView::linkAt(const QPoint &viewportPos) const
{
    const QModelIndex index = indexAt(viewportPos);
    if (!index.isValid())
        return {};
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return m_delegate->linkAt(option, index, viewportPos);
}

void MessageView::activateLink(const QUrl &url)
{
    Q_EMIT linkActivated(url);
    const QString scheme = url.scheme().toLower();
    if (scheme == u"xmpp")
        Q_EMIT xmppLinkActivated(url);
    else if (m_openExternalLinks && (scheme == u"http" || scheme == u"https"))
        QDesktopServices::openUrl(url);
}

void MessageView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        event->accept();
        return;
    }
    QScrollBar *bar = verticalScrollBar();
    const int key = event->key();
    if (key == Qt::Key_End && event->modifiers().testFlag(Qt::ControlModifier) && m_hasNewer) {
        Q_EMIT newestRequested(); // as in an editor: to the very end, not one page further
        event->accept();
        return;
    }
    if ((key == Qt::Key_PageUp || key == Qt::Key_Home || key == Qt::Key_Up) &&
        bar->value() == bar->minimum())
        Q_EMIT olderRequested();
    else if ((key == Qt::Key_PageDown || key == Qt::Key_End || key == Qt::Key_Down) && m_hasNewer &&
             bar->value() == bar->maximum())
        Q_EMIT newerRequested();
    QListView::keyPressEvent(event);
}

void MessageView::mousePressEvent(QMouseEvent *event)
{
    m_pressedLink =
        event->button() == Qt::LeftButton ? linkAt(event->position().toPoint()) : QUrl();
    QListView::mousePressEvent(event);
}

void MessageView::mouseReleaseEvent(QMouseEvent *event)
{
    const QUrl pressed = m_pressedLink;
    m_pressedLink.clear();
    QListView::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton && !pressed.isEmpty() &&
        linkAt(event->position().toPoint()) == pressed)
        activateLink(pressed);
}

void MessageView::mouseMoveEvent(QMouseEvent *event)
{
    if (linkAt(event->position().toPoint()).isEmpty())
        viewport()->unsetCursor();
    else
        viewport()->setCursor(Qt::PointingHandCursor);
    QListView::mouseMoveEvent(event);
}

void MessageView::leaveEvent(QEvent *event)
{
    viewport()->unsetCursor();
    QListView::leaveEvent(event);
}

void MessageView::mouseDoubleClickEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const QModelIndex index = indexAt(pos);
    if (event->button() == Qt::LeftButton && index.isValid() && linkAt(pos).isEmpty()) {
        showTextOf(index);
        event->accept();
        return;
    }
    QListView::mouseDoubleClickEvent(event);
}

QMenu *MessageView::createContextMenu(const QPoint &viewportPos)
{
    auto *menu = new QMenu(this);
    const QModelIndex index = indexAt(viewportPos);
    if (index.isValid() && !selectionModel()->isSelected(index))
        selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);

    QAction *copy = menu->addAction(tr("&Copy Text"), this, &MessageView::copySelection);
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(selectionModel()->hasSelection());

    const QUrl url = linkAt(viewportPos);
    if (!url.isEmpty()) {
        menu->addAction(tr("&Open Link"), this, [this, url] { activateLink(url); });
        menu->addAction(tr("Copy &Link Address"), this, [url] {
            QGuiApplication::clipboard()->setText(url.toString(QUrl::FullyEncoded));
        });
    }
    if (index.isValid()) {
        const QPersistentModelIndex persistent(index);
        menu->addAction(tr("&Select Text…"), this, [this, persistent] {
            if (persistent.isValid())
                showTextOf(persistent);
        });
        const bool failedOurs =
            index.data(ConversationModel::DirectionRole).toInt() ==
                int(ChatMessage::Direction::Outgoing) &&
            index.data(ConversationModel::StateRole).toInt() == int(ChatMessage::State::Failed);
        if (index.data(ConversationModel::EditedRole).toBool()) {
            menu->addAction(tr("Show Edit &History…"), this, [this, persistent] {
                if (persistent.isValid())
                    showHistoryOf(persistent);
            });
        }
        const QString id = index.data(ConversationModel::IdRole).toString();
        if (failedOurs) {
            menu->addSeparator();
            menu->addAction(tr("&Retry Sending"), this, [this, id] { Q_EMIT retryRequested(id); });
        }
        const bool ours = index.data(ConversationModel::DirectionRole).toInt() ==
                          int(ChatMessage::Direction::Outgoing);
        if (ours && !failedOurs && !index.data(ConversationModel::RetractedRole).toBool()) {
            menu->addSeparator();
            QAction *retract = menu->addAction(tr("&Delete for Everyone…"), this,
                                               [this, id] { Q_EMIT retractRequested(id); });
            retract->setObjectName(u"retractAction"_s);
            retract->setEnabled(m_retractable && m_retractable(id));
        }
    }
    return menu;
}

void MessageView::contextMenuEvent(QContextMenuEvent *event)
{
    QPoint pos = event->pos();
    QPoint global = event->globalPos();
    if (event->reason() == QContextMenuEvent::Keyboard) {
        const QRect rect = visualRect(currentIndex());
        pos = rect.isValid() ? rect.center() : QPoint();
        global = viewport()->mapToGlobal(pos);
    }
    QMenu *menu = createContextMenu(pos);
    menu->exec(global);
    delete menu;
    event->accept();
}

QDialog *MessageView::showHistoryOf(const QModelIndex &index)
{
    const QStringList previous = index.data(ConversationModel::PreviousBodiesRole).toStringList();
    if (!index.isValid() || previous.isEmpty())
        return nullptr;
    QStringList parts;
    for (qsizetype i = 0; i < previous.size(); ++i) {
        parts.append((i == 0 ? tr("Original:") : tr("Edit %1:").arg(i)) + u'\n' + previous.at(i));
    }
    const QDateTime edited = index.data(ConversationModel::EditedAtRole).toDateTime();
    parts.append(
        tr("Now (since %1):").arg(QLocale().toString(edited.toLocalTime(), QLocale::ShortFormat)) +
        u'\n' + index.data(ConversationModel::BodyRole).toString());
    QDialog *dialog = showTextOf(index);
    if (!dialog)
        return nullptr;
    dialog->setObjectName(u"messageHistoryDialog"_s);
    dialog->setWindowTitle(tr("Edit history"));
    dialog->setAccessibleName(dialog->windowTitle());
    if (auto *text = dialog->findChild<QPlainTextEdit *>()) {
        text->setPlainText(parts.join(u"\n\n"_s));
        text->setAccessibleName(tr("Edit history"));
        text->moveCursor(QTextCursor::Start);
    }
    return dialog;
}

QDialog *MessageView::showTextOf(const QModelIndex &index)
{
    if (!index.isValid())
        return nullptr;
    if (m_textDialog)
        m_textDialog->close();
    auto *dialog = new QDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setObjectName(u"messageTextDialog"_s);
    const QDateTime time = index.data(ConversationModel::TimestampRole).toDateTime().toLocalTime();
    dialog->setWindowTitle(tr("Message from %1, %2")
                               .arg(index.data(ConversationModel::SenderRole).toString(),
                                    QLocale().toString(time, QLocale::ShortFormat)));
    auto *text = new QPlainTextEdit(dialog);
    text->setReadOnly(true);
    text->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    text->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    text->setPlainText(textOf(index, false));
    text->setAccessibleName(tr("Message text"));
    text->selectAll();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(text);
    layout->addWidget(buttons);
    const QFontMetrics fm(text->font());
    dialog->resize(fm.averageCharWidth() * 60, fm.lineSpacing() * 14);
    m_textDialog = dialog;
    dialog->setAccessibleName(dialog->windowTitle());
    dialog->open();
    text->setFocus();
    return dialog;
}

} // namespace natter
