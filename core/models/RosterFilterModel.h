// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPointer>
#include <QSortFilterProxyModel>

namespace natter {

class RosterModel;

// What the roster view shows: contacts sorted by availability then name, filtered by a text
// (name or JID, case- and accent-insensitive) and by "show offline contacts"; groups without a
// visible contact are hidden. While a text is typed, offline contacts that match are shown too
// (one searches to find someone), and an offline contact with unread messages is always shown.
//
// A RosterModel keeps its rows in that order itself (groups by name, contacts by rank), so over
// one the proxy only filters, with the model's folded search text (no QVariant per row); any
// other tree with the same roles is sorted by SortKeyRole. A single change in the source (presence,
// unread, a push) is handled row by row (dynamic sort/filter); a new filter text or the offline
// toggle re-filters everything at once (invalidate()), which is cheaper than removing thousands
// of scattered rows one interval at a time.
class RosterFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit RosterFilterModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }
    void setShowOffline(bool show);
    bool showOffline() const { return m_showOffline; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    bool contactAccepted(const QModelIndex &contact) const;

    QString m_text;
    QString m_key; // RosterModel::searchKey(m_text.trimmed())
    bool m_showOffline = false;
    QPointer<RosterModel> m_roster;
};

} // namespace natter
