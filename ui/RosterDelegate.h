// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace natter {

// Paints the roster's rows (RosterModel roles): a contact as presence icon, name and status
// text, with an unread badge (a pill in the palette's highlight colours); a group as its name
// with "online/total". Offline contacts are greyed, and so is everyone while we are offline.
// Rows have one height, so that the view can lay out 100,000 of them without asking each.
// Tooltips tell name, address, status, subscription and unread count (all escaped).
class RosterDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit RosterDelegate(QObject *parent = nullptr);

    // We are offline: every contact is shown greyed.
    void setGreyedOut(bool greyed);
    bool isGreyedOut() const { return m_greyedOut; }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // The tooltip of a row, as rich text with everything from the network escaped.
    static QString toolTip(const QModelIndex &index);
    // What the badge shows for a number of unread messages ("99+" above 99).
    static QString badgeText(int unread);

private:
    void paintContact(QPainter *painter, const QStyleOptionViewItem &option,
                      const QModelIndex &index) const;
    void paintGroup(QPainter *painter, const QStyleOptionViewItem &option,
                    const QModelIndex &index) const;
    // Paints the badge at the right end of rect; returns the width it took (with spacing).
    int paintBadge(QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect,
                   int unread) const;

    bool m_greyedOut = false;
};

} // namespace natter
