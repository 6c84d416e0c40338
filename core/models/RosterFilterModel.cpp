// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterFilterModel.h"

#include "models/RosterModel.h"

namespace natter {

RosterFilterModel::RosterFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    setSortRole(RosterModel::SortKeyRole);
    setFilterRole(RosterModel::SortKeyRole);
    sort(0);
}

void RosterFilterModel::setSourceModel(QAbstractItemModel *model)
{
    m_roster = qobject_cast<RosterModel *>(model);
    QSortFilterProxyModel::setSourceModel(model);
    // A RosterModel keeps its rows in the order shown: filtering is then one pass, with no sort
    // (which took most of a keystroke on a big roster). Other models are sorted here.
    sort(m_roster ? -1 : 0);
}

void RosterFilterModel::setFilterText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    const QString key = RosterModel::searchKey(text.trimmed());
    if (key == m_key)
        return;
    m_key = key;
    invalidate();
}

void RosterFilterModel::setShowOffline(bool show)
{
    if (show == m_showOffline)
        return;
    m_showOffline = show;
    invalidate();
}

bool RosterFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *source = sourceModel();
    const QModelIndex index = source->index(sourceRow, 0, sourceParent);
    if (m_roster)
        return m_roster->accepts(index, m_key, m_showOffline);
    // Any other tree with the same roles: the slow path.
    if (!sourceParent.isValid()) {
        const int rows = source->rowCount(index);
        for (int row = 0; row < rows; ++row) {
            if (contactAccepted(source->index(row, 0, index)))
                return true;
        }
        return false;
    }
    return contactAccepted(index);
}

bool RosterFilterModel::contactAccepted(const QModelIndex &contact) const
{
    if (!m_key.isEmpty()) {
        const QString name = RosterModel::searchKey(contact.data(RosterModel::NameRole).toString());
        const QString jid = RosterModel::searchKey(contact.data(RosterModel::JidRole).toString());
        return name.contains(m_key) || jid.contains(m_key);
    }
    return m_showOffline ||
           contact.data(RosterModel::AvailabilityRole).toInt() !=
               int(RosterModel::Availability::Offline) ||
           contact.data(RosterModel::UnreadRole).toInt() > 0;
}

bool RosterFilterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_roster)
        return m_roster->lessThan(left, right);
    return left.data(RosterModel::SortKeyRole).toString() <
           right.data(RosterModel::SortKeyRole).toString();
}

} // namespace natter
