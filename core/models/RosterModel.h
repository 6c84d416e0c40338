// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QAbstractItemModel>

#include <memory>

namespace natter {

class RosterExtension;
class PresenceExtension;

// The roster as a tree: groups at the top, their contacts below (RFC 6121 §2.1.2.5). A contact
// in several groups appears under each; a contact without a group under "Contacts". Updates are
// granular: a presence change emits dataChanged for the contact's rows only (and the counts of
// their groups); pushes insert or remove single rows (a change of groups removes the contact
// from the old group and inserts it into the new one); a full roster load resets once.
//
// Built for large rosters: contacts live in a flat vector with a hash index (bare JID → contact)
// and every contact knows its row in each of its groups, so a presence change costs O(1) to
// find. The model also keeps all contacts ranked by availability then name, and its rows in the
// order a view shows them: groups by name ("Contacts" last), each group's contacts by rank. A
// change of rank (presence, name) moves the contact's rows (beginMoveRows), so that a filtering
// proxy need not sort (RosterFilterModel does not); lessThan() is there for other proxies.
class RosterModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class RowKind
    {
        Group,
        Contact
    };
    Q_ENUM(RowKind)
    // Presence as a sortable number: lower is "more available".
    enum class Availability
    {
        Chat = 0,
        Available,
        Away,
        ExtendedAway,
        DoNotDisturb,
        Offline
    };
    Q_ENUM(Availability)

    enum Role
    {
        KindRole = Qt::UserRole + 1, // RowKind as int
        JidRole,                     // QString bare JID (contacts)
        NameRole,         // display name (contacts) or group name (groups); also Qt::DisplayRole
        AvailabilityRole, // Availability as int (contacts; groups: best of their contacts)
        StatusTextRole,   // status message of the best resource
        UnreadRole,       // int unread messages (contacts) or sum (groups)
        SubscriptionRole, // QString none/to/from/both
        PendingRole,      // bool: our subscription request is pending
        GroupsRole,       // QStringList
        OnlineCountRole,  // int (groups)
        TotalCountRole,   // int (groups)
        SortKeyRole,      // QString: availability then lower-case name, for sorting
        // QString: the roster's name of the group (of a group row, or of a contact row's
        // parent); empty for the group of contacts without a group.
        GroupKeyRole,
    };

    RosterModel(RosterExtension *roster, PresenceExtension *presence, QObject *parent = nullptr);
    ~RosterModel() override;

    // Shown as the name of the group for contacts without one.
    static QString ungroupedName();
    // In words, e.g. "Extended away" (translated).
    static QString availabilityName(Availability availability);

    // Unread messages from a contact (pushed in by the session); kept for JIDs that are not in
    // the roster (yet) too.
    void setUnreadCount(const Jid &bareJid, int count);
    int unreadCount(const Jid &bareJid) const;
    int contactCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The rows (one per group the contact is in) of a contact.
    QModelIndexList indexesFor(const Jid &bareJid) const;
    // A group by its roster name; the empty string for the group of contacts without one.
    QModelIndex groupIndex(const QString &group) const;

    // For sorting proxies, without a QVariant per comparison: contacts by availability, then
    // name (case- and accent-insensitive), then JID; groups by name with "Contacts" last.
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const;
    // For filtering proxies. A contact is accepted if it matches searchKey (a searchKey() of
    // the text typed, matched against name and JID) or, with an empty key, if showOffline, it
    // is not offline, or it has unread messages. A group is accepted if one of its contacts is.
    bool accepts(const QModelIndex &index, QStringView searchKey, bool showOffline) const;
    // Case-folded, accents removed: what accepts() compares.
    static QString searchKey(QStringView text);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace natter
