// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterView.h"

#include "RosterDelegate.h"
#include "models/RosterModel.h"

#include <QKeyEvent>

namespace natter {

RosterView::RosterView(QWidget *parent)
    : QTreeView(parent)
    , m_delegate(new RosterDelegate(this))
{
    setAccessibleName(tr("Contacts"));
    setItemDelegate(m_delegate);
    setHeaderHidden(true);
    // One row height for all: the view lays out a big roster without measuring every row.
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setExpandsOnDoubleClick(false); // onActivated() folds groups, for Enter and double click
    setContextMenuPolicy(Qt::CustomContextMenu);
    setMouseTracking(true);
    setAllColumnsShowFocus(true);
    setIndentation(fontMetrics().height());
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    connect(this, &QTreeView::activated, this, &RosterView::onActivated);
    connect(this, &QTreeView::expanded, this, [this](const QModelIndex &index) {
        if (!m_restoring && !m_filtering)
            m_collapsed.remove(index.data(RosterModel::GroupKeyRole).toString());
    });
    connect(this, &QTreeView::collapsed, this, [this](const QModelIndex &index) {
        if (!m_restoring && !m_filtering)
            m_collapsed.insert(index.data(RosterModel::GroupKeyRole).toString());
    });
}

void RosterView::setModel(QAbstractItemModel *newModel)
{
    if (model())
        model()->disconnect(this);
    QTreeView::setModel(newModel);
    if (!newModel)
        return;
    // Groups come and go (resets, pushes, filtering): give each its remembered state.
    connect(newModel, &QAbstractItemModel::modelReset, this, &RosterView::restoreExpansion);
    connect(newModel, &QAbstractItemModel::layoutChanged, this, &RosterView::restoreExpansion);
    connect(newModel, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) {
        if (!parent.isValid())
            restoreExpansion();
    });
    restoreExpansion();
}

QModelIndex RosterView::groupIndex(const QString &groupKey) const
{
    if (!model())
        return {};
    for (int row = 0; row < model()->rowCount(); ++row) {
        const QModelIndex index = model()->index(row, 0);
        if (index.data(RosterModel::GroupKeyRole).toString() == groupKey)
            return index;
    }
    return {};
}

bool RosterView::isGroupExpanded(const QString &groupKey) const
{
    return !m_collapsed.contains(groupKey);
}

void RosterView::setGroupExpanded(const QString &groupKey, bool expanded)
{
    if (expanded)
        m_collapsed.remove(groupKey);
    else
        m_collapsed.insert(groupKey);
    restoreExpansion();
}

void RosterView::setFiltering(bool filtering)
{
    if (m_filtering == filtering)
        return;
    m_filtering = filtering;
    restoreExpansion();
}

void RosterView::restoreExpansion()
{
    if (!model())
        return;
    m_restoring = true;
    for (int row = 0; row < model()->rowCount(); ++row) {
        const QModelIndex index = model()->index(row, 0);
        const bool expand =
            m_filtering || !m_collapsed.contains(index.data(RosterModel::GroupKeyRole).toString());
        if (isExpanded(index) != expand)
            setExpanded(index, expand);
    }
    m_restoring = false;
}

void RosterView::onActivated(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    if (index.data(RosterModel::KindRole).toInt() == int(RosterModel::RowKind::Group)) {
        setExpanded(index, !isExpanded(index));
        return;
    }
    Q_EMIT contactActivated(index.data(RosterModel::JidRole).toString());
}

void RosterView::keyPressEvent(QKeyEvent *event)
{
    // The context menu key and Shift+F10 open the menu of the current row.
    if (event->key() == Qt::Key_Menu ||
        (event->key() == Qt::Key_F10 && event->modifiers() == Qt::ShiftModifier)) {
        if (currentIndex().isValid()) {
            Q_EMIT customContextMenuRequested(visualRect(currentIndex()).center());
            event->accept();
            return;
        }
    }
    QTreeView::keyPressEvent(event);
}

} // namespace natter
