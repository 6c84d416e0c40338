// SPDX-License-Identifier: GPL-3.0-or-later
#include "SearchWindow.h"

#include "Icons.h"
#include "SearchResultDelegate.h"
#include "services/RosterService.h"
#include "storage/MessageStore.h"

#include <QCoreApplication>
#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace natter {

SearchWindow::SearchWindow(RosterService *roster, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_roster(roster)
{
    setWindowIcon(Icons::action(u"search"_s));

    m_field = new QLineEdit(this);
    m_field->setObjectName(u"searchField"_s);
    m_field->setClearButtonEnabled(true);
    m_field->addAction(Icons::action(u"search"_s), QLineEdit::LeadingPosition);
    m_field->installEventFilter(this);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(DebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &SearchWindow::search);
    connect(m_field, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_field, &QLineEdit::returnPressed, this, [this] {
        // Enter in the field: search now, or open the chosen (else the first) result.
        if (m_debounce->isActive()) {
            search();
            return;
        }
        const QModelIndex current = m_view->currentIndex();
        openResult(current.isValid() ? current.row() : 0);
    });

    m_model = new QStandardItemModel(this);
    m_view = new QListView(this);
    m_view->setObjectName(u"results"_s);
    m_view->setModel(m_model);
    m_view->setItemDelegate(new SearchResultDelegate(m_view));
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setWordWrap(true);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setAlternatingRowColors(true);
    m_view->installEventFilter(this);
    connect(m_view, &QListView::activated, this,
            [this](const QModelIndex &index) { openResult(index.row()); });

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(u"state"_s);
    m_stateLabel->setAlignment(Qt::AlignCenter);
    m_stateLabel->setWordWrap(true);
    m_stateLabel->setTextFormat(Qt::PlainText);
    m_stateLabel->setForegroundRole(QPalette::PlaceholderText);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_stateLabel);
    m_stack->addWidget(m_view);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_field);
    layout->addWidget(m_stack, 1);

    const QFontMetrics fm = fontMetrics();
    resize(QSize(fm.averageCharWidth() * 70, fm.height() * 30));
    updateTexts();
    search();
}

void SearchWindow::setStore(MessageStore *store)
{
    if (m_store == store)
        return;
    m_store = store;
    search();
}

QString SearchWindow::stateText() const
{
    return m_stack->currentWidget() == m_stateLabel ? m_stateLabel->text() : QString();
}

void SearchWindow::showState(const QString &text)
{
    m_stateLabel->setText(text);
    m_stack->setCurrentWidget(m_stateLabel);
}

void SearchWindow::search()
{
    m_debounce->stop();
    m_model->clear();
    const QString text = m_field->text().trimmed();
    if (!m_store || !m_store->isOpen()) {
        showState(tr("Messages can be searched once you are logged in."));
        return;
    }
    if (text.isEmpty()) {
        showState(tr("Type words to find them in all your conversations."));
        return;
    }
    const QList<MessageStore::SearchHit> hits = m_store->search(text, MaxResults);
    if (hits.isEmpty()) {
        showState(tr("No messages contain “%1”.").arg(text));
        return;
    }
    for (const MessageStore::SearchHit &hit : hits) {
        const ChatMessage &message = hit.entry.message;
        const Jid peer = message.peer.bare();
        const QString name =
            m_roster && m_roster->contains(peer) ? m_roster->displayName(peer) : peer.bareString();
        auto *item = new QStandardItem;
        item->setData(peer.bareString(), PeerRole);
        item->setData(name, NameRole);
        item->setData(message.timestamp, TimeRole);
        item->setData(int(message.direction), DirectionRole);
        item->setData(hit.snippet, SnippetRole);
        item->setData(message.id, MessageIdRole);
        item->setData(hit.entry.rowId, StoreRowRole);
        m_model->appendRow(item);
        // What a screen reader says (and what the view would show without the delegate); the
        // header is made from the item's roles, so once it is in the model.
        const QString plain = SearchResultDelegate::parseSnippet(hit.snippet).text;
        item->setData(SearchResultDelegate::headerText(item->index()) + u": "_s + plain,
                      Qt::DisplayRole);
    }
    m_stack->setCurrentWidget(m_view);
    m_view->setCurrentIndex(m_model->index(0, 0));
}

void SearchWindow::openResult(int row)
{
    const QModelIndex index = m_model->index(row, 0);
    if (!index.isValid())
        return;
    Q_EMIT messageRequested(Jid::fromString(index.data(PeerRole).toString()),
                            index.data(StoreRowRole).toLongLong());
}

bool SearchWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (watched == m_field &&
            (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up ||
             key->key() == Qt::Key_PageDown || key->key() == Qt::Key_PageUp)) {
            // Arrows in the field move through the results.
            QKeyEvent copy(key->type(), key->key(), key->modifiers());
            QCoreApplication::sendEvent(m_view, &copy);
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            close();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SearchWindow::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        updateTexts();
        search();
    }
}

void SearchWindow::updateTexts()
{
    setWindowTitle(tr("Search Messages — Natter"));
    setAccessibleName(tr("Search messages"));
    m_field->setPlaceholderText(tr("Search messages…"));
    m_field->setAccessibleName(tr("Search messages"));
    m_view->setAccessibleName(tr("Results"));
}

} // namespace natter
