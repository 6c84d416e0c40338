// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSet>
#include <QTreeView>

namespace natter {

class RosterDelegate;

// The roster tree: groups that fold, contacts below. Remembers which groups the user folded by
// their name, across model resets (a reconnect reloads the roster) and while a filter text
// shows every group unfolded. Enter or a double click on a contact activates it; on a group it
// folds or unfolds the group.
class RosterView : public QTreeView
{
    Q_OBJECT
public:
    explicit RosterView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    RosterDelegate *rosterDelegate() const { return m_delegate; }

    // By the group's roster name (GroupKeyRole; empty for "Contacts").
    bool isGroupExpanded(const QString &groupKey) const;
    void setGroupExpanded(const QString &groupKey, bool expanded);
    // While filtering every group is shown unfolded; the user's folding comes back after.
    void setFiltering(bool filtering);
    bool isFiltering() const { return m_filtering; }

    // The index of a group by its key in the view's model, or an invalid index.
    QModelIndex groupIndex(const QString &groupKey) const;

Q_SIGNALS:
    // A contact row was activated (Enter, double click): its bare JID.
    void contactActivated(const QString &bareJid);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void restoreExpansion();
    void onActivated(const QModelIndex &index);

    RosterDelegate *m_delegate;
    QSet<QString> m_collapsed; // group keys the user folded
    bool m_filtering = false;
    bool m_restoring = false;
};

} // namespace natter
