// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterModel.h"

#include "ext/PresenceExtension.h"
#include "ext/RosterExtension.h"
#include "platform/LargeArrayAllocator.h"

#include <QPointer>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <vector>

namespace natter {

namespace {

using Availability = RosterModel::Availability;
constexpr int AvailabilityCount = int(Availability::Offline) + 1;

Availability availabilityFor(Presence::Show show)
{
    switch (show) {
    case Presence::Show::Chat:
        return Availability::Chat;
    case Presence::Show::None:
        return Availability::Available;
    case Presence::Show::Away:
        return Availability::Away;
    case Presence::Show::Xa:
        return Availability::ExtendedAway;
    case Presence::Show::Dnd:
        return Availability::DoNotDisturb;
    }
    return Availability::Available;
}

// The group key of an item's groups: the ungrouped group is "".
QStringList groupKeys(const QStringList &groups)
{
    return groups.isEmpty() ? QStringList{QString()} : groups;
}

} // namespace

struct RosterModel::Private
{
    struct Group;

    struct Membership
    {
        Group *group = nullptr;
        int row = 0;
    };

    // Kept small: a roster of 100,000 contacts holds 100,000 of these. What sorting and searching
    // read lives in Private::text and Private::ranks instead, close together.
    struct Contact
    {
        // The bare JID only where Private::text does not hold it as it is (see bareOf()): most
        // JIDs are their own search key, so most contacts need no string of their own.
        QString ownBare;
        QString display; // the roster's name, or the bare JID
        QStringList groups;
        QString statusText;
        qsizetype textStart = -1; // in Private::text: searchKey(display) '\n' searchKey(bare)
        int sortLength = 0;       // of searchKey(display)
        int textLength = 0;       // up to the '\0' that ends the contact's text
        int unread = 0;
        RosterItem::Subscription subscription = RosterItem::Subscription::None;
        Availability availability = Availability::Offline;
        bool pending = false;
        QVarLengthArray<Membership, 1> memberships;
    };

    struct Group
    {
        QString key;              // roster name; empty for the ungrouped group
        QString sortName;         // searchKey(key)
        std::vector<int> members; // contact ids, in insertion order
        int row = 0;
        std::array<int, AvailabilityCount> counts{};
        int unread = 0;

        int total() const { return int(members.size()); }
        int online() const { return total() - counts[int(Availability::Offline)]; }
        Availability best() const
        {
            for (int i = 0; i < AvailabilityCount; ++i) {
                if (counts[i] > 0)
                    return Availability(i);
            }
            return Availability::Offline;
        }
    };

    explicit Private(RosterModel *model)
        : q(model)
    {}

    RosterModel *q;
    QPointer<RosterExtension> roster;
    QPointer<PresenceExtension> presence;
    // By id; ids of removed contacts are reused. 170 bytes each: a large roster's array is
    // megabytes, written at once.
    std::vector<Contact, LargeArrayAllocator<Contact>> contacts;
    std::vector<int> freeIds;
    // Bare JID -> id: an open-addressing table of ids, hashed by bareOf(), so that it holds no
    // strings. Slots are an id, EmptySlot or DeletedSlot.
    static constexpr int EmptySlot = -1;
    static constexpr int DeletedSlot = -2;
    std::vector<int> jidSlots;
    size_t jidSlotsUsed = 0; // ids and deleted slots
    size_t jidCount = 0;
    std::vector<std::unique_ptr<Group>> groups; // by row
    QHash<QString, Group *> groupByKey;
    QHash<Jid, int> unread; // also for JIDs not in the roster

    // Every contact ranked by contactLess(): order[rank] = id, ranks[id] = rank.
    std::vector<int> order;
    std::vector<int> ranks;

    // The search and sort text of all contacts in one buffer, in segments of
    // searchKey(display) '\n' searchKey(bare) '\0'; a search is one pass over it. Segments of
    // removed or changed contacts are blanked with '\0' and squeezed out now and then.
    QString text;
    std::vector<qsizetype> segmentStart;
    std::vector<int> segmentOwner; // contact id, or -1 for a blanked segment
    qsizetype deadText = 0;

    // Which contacts match matchKey (by id), computed on the first accepts() with a new key.
    mutable QString matchKey;
    mutable std::vector<quint8> matches;
    mutable bool matchesValid = false;

    QStringView sortName(const Contact &contact) const
    {
        return QStringView(text).mid(contact.textStart, contact.sortLength);
    }
    QStringView searchText(const Contact &contact) const
    {
        return QStringView(text).mid(contact.textStart, contact.textLength);
    }
    QStringView bareOf(const Contact &contact) const
    {
        if (!contact.ownBare.isNull() || contact.textStart < 0)
            return contact.ownBare;
        return QStringView(text).mid(contact.textStart + contact.sortLength + 1,
                                     contact.textLength - contact.sortLength - 1);
    }

    // The JID index
    int findId(QStringView bare) const
    {
        if (jidSlots.empty())
            return -1;
        const size_t mask = jidSlots.size() - 1;
        for (size_t i = qHash(bare) & mask;; i = (i + 1) & mask) {
            const int slot = jidSlots[i];
            if (slot == EmptySlot)
                return -1;
            if (slot >= 0 && bareOf(contacts[size_t(slot)]) == bare)
                return slot;
        }
    }
    // Adds a contact whose JID is not in the index yet.
    void indexId(int id)
    {
        if ((jidSlotsUsed + 1) * 2 > jidSlots.size())
            rebuildIndex(jidCount + 1);
        const size_t mask = jidSlots.size() - 1;
        size_t i = qHash(bareOf(contacts[size_t(id)])) & mask;
        while (jidSlots[i] >= 0)
            i = (i + 1) & mask;
        if (jidSlots[i] == EmptySlot)
            ++jidSlotsUsed;
        jidSlots[i] = id;
        ++jidCount;
    }
    void unindexId(int id)
    {
        const size_t mask = jidSlots.size() - 1;
        for (size_t i = qHash(bareOf(contacts[size_t(id)])) & mask;; i = (i + 1) & mask) {
            if (jidSlots[i] == id) {
                jidSlots[i] = DeletedSlot;
                --jidCount;
                return;
            }
            Q_ASSERT(jidSlots[i] != EmptySlot);
        }
    }
    // Room for `count` contacts at most half full, without deleted slots.
    void rebuildIndex(size_t count)
    {
        std::vector<int> live;
        live.reserve(jidCount);
        for (const int slot : jidSlots) {
            if (slot >= 0)
                live.push_back(slot);
        }
        size_t size = 16;
        while (size < 2 * std::max(count, live.size()) + 2)
            size *= 2;
        jidSlots.assign(size, EmptySlot);
        jidSlotsUsed = 0;
        jidCount = 0;
        for (const int id : live)
            indexId(id);
    }

    bool contactLess(int a, int b) const
    {
        const Contact &x = contacts[size_t(a)];
        const Contact &y = contacts[size_t(b)];
        if (x.availability != y.availability)
            return x.availability < y.availability;
        if (const int c = sortName(x).compare(sortName(y)); c != 0)
            return c < 0;
        return bareOf(x).compare(bareOf(y)) < 0;
    }

    // Sorts contact ids by contactLess(). With 100,000 contacts, comparing through contactLess()
    // alone spends its time fetching two contacts and their names from all over memory; a key
    // of the availability and the first eleven UTF-16 units of the sort name, kept next to the
    // id, decides almost every comparison by itself (in the same order: units compare as
    // numbers, a shorter name pads with 0, and names hold no U+0000). Eleven, not seven: names
    // like "Anna 1042" and "Anna 1047" share seven.
    void sortByRank(std::vector<int> &ids) const
    {
        struct Entry
        {
            quint64 high;   // availability, units 0 to 2
            quint64 middle; // units 3 to 6
            quint64 low;    // units 7 to 10
            int id;
        };
        std::vector<Entry> entries;
        entries.reserve(ids.size());
        for (const int id : ids) {
            const Contact &contact = contacts[size_t(id)];
            const QStringView name = sortName(contact);
            const auto unit = [&name](qsizetype i) -> quint64 {
                return i < name.size() ? name[i].unicode() : 0;
            };
            const auto units = [&unit](qsizetype from) {
                return unit(from) << 48 | unit(from + 1) << 32 | unit(from + 2) << 16 |
                       unit(from + 3);
            };
            entries.push_back(
                {quint64(contact.availability) << 48 | unit(0) << 32 | unit(1) << 16 | unit(2),
                 units(3), units(7), id});
        }
        std::sort(entries.begin(), entries.end(), [this](const Entry &a, const Entry &b) {
            if (a.high != b.high)
                return a.high < b.high;
            if (a.middle != b.middle)
                return a.middle < b.middle;
            if (a.low != b.low)
                return a.low < b.low;
            return contactLess(a.id, b.id);
        });
        for (size_t i = 0; i < entries.size(); ++i)
            ids[i] = entries[i].id;
    }

    QModelIndex groupIndex(const Group *group) const { return q->createIndex(group->row, 0); }
    QModelIndex contactIndex(const Membership &m) const
    {
        return q->createIndex(m.row, 0, m.group);
    }
    // The contact id of a contact row, or -1.
    int contactId(const QModelIndex &index) const
    {
        auto *group = static_cast<Group *>(index.internalPointer());
        if (!group || index.row() < 0 || index.row() >= group->total())
            return -1;
        return group->members[size_t(index.row())];
    }
    const Group *groupOf(const QModelIndex &index) const
    {
        if (index.internalPointer())
            return nullptr;
        if (index.row() < 0 || size_t(index.row()) >= groups.size())
            return nullptr;
        return groups[size_t(index.row())].get();
    }

    // Text
    static void appendKey(QString &buffer, const QString &value)
    {
        const bool ascii =
            std::all_of(value.cbegin(), value.cend(), [](QChar c) { return c.unicode() < 0x80; });
        if (!ascii) {
            buffer += RosterModel::searchKey(value);
            return;
        }
        // Case folding of ASCII is lower-casing; no temporary string.
        const qsizetype at = buffer.size();
        buffer += value;
        QChar *out = buffer.data() + at;
        for (qsizetype i = 0; i < value.size(); ++i) {
            const char16_t ch = out[i].unicode();
            if (ch >= u'A' && ch <= u'Z')
                out[i] = QChar(char16_t(ch + (u'a' - u'A')));
        }
    }

    // The contact's segment of the text. The bare JID's key is appended part by part (folding
    // and decomposition work character by character), so that no bare string is built per
    // contact; the contact keeps one of its own only where the key differs from the JID.
    void appendText(int id, const Jid &jid)
    {
        Contact &contact = contacts[size_t(id)];
        contact.textStart = text.size();
        appendKey(text, contact.display);
        contact.sortLength = int(text.size() - contact.textStart);
        text += u'\n';
        const qsizetype bareStart = text.size();
        const QString &local = jid.localpart();
        const QString &domain = jid.domainpart();
        if (!local.isEmpty()) {
            appendKey(text, local);
            text += u'@';
        }
        appendKey(text, domain);
        const QStringView key = QStringView(text).sliced(bareStart);
        const bool keyIsBare = local.isEmpty() ? key == domain
                                               : key.size() == local.size() + 1 + domain.size() &&
                                                     key.startsWith(local) && key.endsWith(domain);
        contact.ownBare = keyIsBare ? QString() : jid.bareString();
        contact.textLength = int(text.size() - contact.textStart);
        text += QChar(0);
        segmentStart.push_back(contact.textStart);
        segmentOwner.push_back(id);
    }

    void dropText(int id)
    {
        Contact &contact = contacts[size_t(id)];
        if (contact.textStart < 0)
            return;
        const auto it =
            std::lower_bound(segmentStart.begin(), segmentStart.end(), contact.textStart);
        segmentOwner[size_t(it - segmentStart.begin())] = -1;
        std::fill_n(text.begin() + contact.textStart, contact.textLength, QChar(0));
        deadText += contact.textLength + 1;
        contact.textStart = -1;
        if (deadText > 4096 && deadText > text.size() / 2)
            compactText();
    }

    void compactText()
    {
        QString fresh;
        fresh.reserve(text.size() - deadText);
        std::vector<qsizetype> starts;
        std::vector<int> owners;
        starts.reserve(segmentStart.size());
        owners.reserve(segmentOwner.size());
        for (size_t i = 0; i < segmentStart.size(); ++i) {
            const int owner = segmentOwner[i];
            if (owner < 0)
                continue;
            Contact &contact = contacts[size_t(owner)];
            starts.push_back(fresh.size());
            owners.push_back(owner);
            fresh += QStringView(text).mid(contact.textStart, contact.textLength + 1);
            contact.textStart = starts.back();
        }
        text = std::move(fresh);
        segmentStart = std::move(starts);
        segmentOwner = std::move(owners);
        deadText = 0;
    }

    void fill(Contact &contact, const RosterItem &item)
    {
        const bool unnamed =
            std::all_of(item.name.cbegin(), item.name.cend(), [](QChar c) { return c.isSpace(); });
        contact.display = unnamed ? item.jid.bareString() : item.name;
        contact.groups = item.groups;
        contact.subscription = item.subscription;
        contact.pending = item.askSubscribe;
    }

    void readPresence(Contact &contact, const Jid &jid) const
    {
        contact.availability = Availability::Offline;
        contact.statusText.clear();
        if (!presence || !presence->isContactAvailable(jid))
            return;
        if (const std::optional<ResourcePresence> best = presence->bestResource(jid)) {
            contact.availability = availabilityFor(best->show);
            contact.statusText = best->status;
        }
    }

    int allocate()
    {
        if (!freeIds.empty()) {
            const int id = freeIds.back();
            freeIds.pop_back();
            return id;
        }
        contacts.emplace_back();
        ranks.push_back(0);
        return int(contacts.size() - 1);
    }

    // Searching
    void ensureMatches(QStringView key) const
    {
        if (matchesValid && key == matchKey)
            return;
        matchKey = key.toString();
        matchesValid = true;
        matches.assign(contacts.size(), 0);
        // A key can never match across the separators.
        if (key.contains(u'\n') || key.contains(QChar(0)))
            return;
        // Hits come in text order: the segment of each is found by walking forward, not by a
        // binary search per hit (a letter like "a" hits nearly every contact).
        const QStringView all(text);
        const size_t segments = segmentStart.size();
        size_t segment = 0;
        qsizetype position = 0;
        while ((position = all.indexOf(key, position)) >= 0) {
            while (segment + 1 < segments && segmentStart[segment + 1] <= position)
                ++segment;
            if (const int owner = segmentOwner[segment]; owner >= 0)
                matches[size_t(owner)] = 1;
            position = segment + 1 < segments ? segmentStart[segment + 1] : all.size();
        }
    }

    // Keeps the cached matches right for one new or changed contact.
    void updateMatch(int id)
    {
        if (!matchesValid)
            return;
        if (matches.size() < contacts.size())
            matches.resize(contacts.size(), 0);
        const Contact &contact = contacts[size_t(id)];
        matches[size_t(id)] =
            contact.textStart >= 0 && searchText(contact).contains(QStringView(matchKey)) ? 1 : 0;
    }

    // Ranks
    void insertRank(int id)
    {
        const auto it = std::lower_bound(order.begin(), order.end(), id,
                                         [this](int a, int b) { return contactLess(a, b); });
        const auto position = size_t(it - order.begin());
        order.insert(it, id);
        for (size_t i = position; i < order.size(); ++i)
            ranks[size_t(order[i])] = int(i);
    }
    void removeRank(int id)
    {
        const auto position = size_t(ranks[size_t(id)]);
        order.erase(order.begin() + qsizetype(position));
        for (size_t i = position; i < order.size(); ++i)
            ranks[size_t(order[i])] = int(i);
    }

    // Groups by name, "Contacts" (the ungrouped group) last: the order of the model's rows.
    static bool groupLess(const Group *a, const Group *b)
    {
        const bool aUngrouped = a->key.isEmpty();
        const bool bUngrouped = b->key.isEmpty();
        if (aUngrouped != bUngrouped)
            return bUngrouped;
        if (const int c = a->sortName.compare(b->sortName); c != 0)
            return c < 0;
        return a->key < b->key;
    }

    // The row at which a contact of rank `rank` belongs among `members` (in rank order).
    size_t memberPosition(std::vector<int>::const_iterator begin,
                          std::vector<int>::const_iterator end, int rank) const
    {
        return size_t(std::lower_bound(begin, end, rank,
                                       [this](int id, int r) { return ranks[size_t(id)] < r; }) -
                      begin);
    }

    // The memberships of the members in rows [from, to) of a group: their rows again.
    void renumber(Group *group, size_t from, size_t to)
    {
        for (size_t i = from; i < to; ++i) {
            for (Membership &m : contacts[size_t(group->members[i])].memberships) {
                if (m.group == group)
                    m.row = int(i);
            }
        }
    }

    // Groups, with signals
    Group *ensureGroup(const QString &key)
    {
        if (Group *group = groupByKey.value(key))
            return group;
        auto group = std::make_unique<Group>();
        group->key = key;
        group->sortName = RosterModel::searchKey(key);
        Group *raw = group.get();
        const auto at = std::lower_bound(
            groups.begin(), groups.end(), raw,
            [](const std::unique_ptr<Group> &a, const Group *b) { return groupLess(a.get(), b); });
        const int row = int(at - groups.begin());
        q->beginInsertRows(QModelIndex(), row, row);
        groups.insert(at, std::move(group));
        for (size_t i = size_t(row); i < groups.size(); ++i)
            groups[i]->row = int(i);
        groupByKey.insert(key, raw);
        q->endInsertRows();
        return raw;
    }

    void removeGroup(Group *group)
    {
        const int row = group->row;
        q->beginRemoveRows(QModelIndex(), row, row);
        groupByKey.remove(group->key);
        groups.erase(groups.begin() + row);
        for (size_t i = size_t(row); i < groups.size(); ++i)
            groups[i]->row = int(i);
        q->endRemoveRows();
    }

    void emitGroupChanged(Group *group, const QList<int> &roles)
    {
        const QModelIndex index = groupIndex(group);
        Q_EMIT q->dataChanged(index, index, roles);
    }

    void insertMember(Group *group, int id)
    {
        Contact &contact = contacts[size_t(id)];
        const int row =
            int(memberPosition(group->members.cbegin(), group->members.cend(), ranks[size_t(id)]));
        q->beginInsertRows(groupIndex(group), row, row);
        group->members.insert(group->members.begin() + row, id);
        contact.memberships.append({group, row});
        renumber(group, size_t(row) + 1, group->members.size());
        ++group->counts[int(contact.availability)];
        group->unread += contact.unread;
        q->endInsertRows();
        emitGroupChanged(group, {AvailabilityRole, OnlineCountRole, TotalCountRole, UnreadRole});
    }

    void removeMember(Group *group, int id)
    {
        Contact &contact = contacts[size_t(id)];
        int row = -1;
        for (qsizetype i = 0; i < contact.memberships.size(); ++i) {
            if (contact.memberships[i].group == group) {
                row = contact.memberships[i].row;
                contact.memberships.remove(i);
                break;
            }
        }
        Q_ASSERT(row >= 0);
        q->beginRemoveRows(groupIndex(group), row, row);
        group->members.erase(group->members.begin() + row);
        renumber(group, size_t(row), group->members.size());
        --group->counts[int(contact.availability)];
        group->unread -= contact.unread;
        q->endRemoveRows();
        if (group->members.empty())
            removeGroup(group);
        else
            emitGroupChanged(group,
                             {AvailabilityRole, OnlineCountRole, TotalCountRole, UnreadRole});
    }

    // After a contact's rank changed: moves its row in each of its groups to where the rank
    // puts it (one row move each, so that views keep selection and scroll).
    void reposition(int id)
    {
        const int rank = ranks[size_t(id)];
        for (qsizetype k = 0; k < contacts[size_t(id)].memberships.size(); ++k) {
            Group *group = contacts[size_t(id)].memberships[k].group;
            const auto row = size_t(contacts[size_t(id)].memberships[k].row);
            const std::vector<int> &members = group->members;
            size_t destination = row; // in the rows before the move, as beginMoveRows() wants it
            if (row > 0 && ranks[size_t(members[row - 1])] > rank)
                destination =
                    memberPosition(members.cbegin(), members.cbegin() + qsizetype(row), rank);
            else if (row + 1 < members.size() && ranks[size_t(members[row + 1])] < rank)
                destination =
                    row + 1 +
                    memberPosition(members.cbegin() + qsizetype(row) + 1, members.cend(), rank);
            if (destination == row)
                continue;
            const QModelIndex parent = groupIndex(group);
            q->beginMoveRows(parent, int(row), int(row), parent, int(destination));
            auto begin = group->members.begin();
            if (destination < row) {
                std::rotate(begin + qsizetype(destination), begin + qsizetype(row),
                            begin + qsizetype(row) + 1);
                renumber(group, destination, row + 1);
            } else {
                std::rotate(begin + qsizetype(row), begin + qsizetype(row) + 1,
                            begin + qsizetype(destination));
                renumber(group, row, destination);
            }
            q->endMoveRows();
        }
    }

    void emitContactChanged(const Contact &contact, const QList<int> &roles)
    {
        for (const Membership &m : contact.memberships) {
            const QModelIndex index = contactIndex(m);
            Q_EMIT q->dataChanged(index, index, roles);
        }
    }

    // Whole roster
    void reload()
    {
        q->beginResetModel();
        contacts.clear();
        freeIds.clear();
        jidSlots.clear();
        jidSlotsUsed = 0;
        jidCount = 0;
        groups.clear();
        groupByKey.clear();
        order.clear();
        ranks.clear();
        text.clear();
        segmentStart.clear();
        segmentOwner.clear();
        deadText = 0;
        matchesValid = false;
        if (roster) {
            const QList<RosterItem> items = roster->items();
            const auto count = size_t(items.size());
            contacts.resize(count);
            ranks.resize(count);
            order.reserve(count);
            segmentStart.reserve(count);
            segmentOwner.reserve(count);
            rebuildIndex(count);
            text.reserve(items.size() * 48);
            largearray::adviseHugePages(text.data(), size_t(text.capacity()) * sizeof(QChar));
            int id = 0;
            for (const RosterItem &item : items) {
                Contact &contact = contacts[size_t(id)];
                fill(contact, item);
                appendText(id, item.jid);
                readPresence(contact, item.jid);
                contact.unread = unread.value(item.jid, 0);
                indexId(id);
                order.push_back(id);
                ++id;
            }
            sortByRank(order);
            // Groups get their members in rank order, and keep it (insertMember(), reposition()).
            for (size_t rank = 0; rank < order.size(); ++rank) {
                const int contactId = order[rank];
                ranks[size_t(contactId)] = int(rank);
                Contact &contact = contacts[size_t(contactId)];
                static const QStringList ungrouped{QString()};
                for (const QString &key : contact.groups.isEmpty() ? ungrouped : contact.groups) {
                    Group *group = groupByKey.value(key);
                    if (!group) {
                        auto created = std::make_unique<Group>();
                        created->key = key;
                        created->sortName = RosterModel::searchKey(key);
                        created->row = int(groups.size());
                        group = created.get();
                        groups.push_back(std::move(created));
                        groupByKey.insert(key, group);
                    }
                    contact.memberships.append({group, group->total()});
                    group->members.push_back(contactId);
                    ++group->counts[int(contact.availability)];
                    group->unread += contact.unread;
                }
            }
            std::sort(groups.begin(), groups.end(),
                      [](const std::unique_ptr<Group> &a, const std::unique_ptr<Group> &b) {
                          return groupLess(a.get(), b.get());
                      });
            for (size_t row = 0; row < groups.size(); ++row)
                groups[row]->row = int(row);
        }
        q->endResetModel();
    }

    void add(const RosterItem &item)
    {
        const QString bare = item.jid.bareString();
        if (findId(bare) >= 0) {
            change(item);
            return;
        }
        const int id = allocate();
        Contact &contact = contacts[size_t(id)];
        contact = Contact();
        fill(contact, item);
        appendText(id, item.jid);
        readPresence(contact, item.jid);
        contact.unread = unread.value(item.jid, 0);
        indexId(id);
        insertRank(id);
        updateMatch(id);
        for (const QString &key : groupKeys(item.groups))
            insertMember(ensureGroup(key), id);
    }

    void change(const RosterItem &item)
    {
        const QString bare = item.jid.bareString();
        const int id = findId(bare);
        if (id < 0) {
            add(item);
            return;
        }
        QList<int> roles;
        {
            Contact &contact = contacts[size_t(id)];
            const QString oldDisplay = contact.display;
            const QStringList oldGroups = contact.groups;
            const RosterItem::Subscription oldSubscription = contact.subscription;
            const bool oldPending = contact.pending;
            fill(contact, item);
            if (contact.display != oldDisplay) {
                roles << Qt::DisplayRole << NameRole << SortKeyRole;
                removeRank(id);
                dropText(id);
                appendText(id, item.jid);
                insertRank(id);
                updateMatch(id);
                reposition(id);
            }
            if (contact.subscription != oldSubscription)
                roles << SubscriptionRole;
            if (contact.pending != oldPending)
                roles << PendingRole;
            if (contact.groups != oldGroups)
                roles << GroupsRole;
        }
        // Groups: leave the old ones first, then join the new ones.
        const QStringList newKeys = groupKeys(contacts[size_t(id)].groups);
        QList<Group *> leave;
        for (const Membership &m : contacts[size_t(id)].memberships) {
            if (!newKeys.contains(m.group->key))
                leave.append(m.group);
        }
        for (Group *group : std::as_const(leave))
            removeMember(group, id);
        for (const QString &key : newKeys) {
            const Group *existing = groupByKey.value(key);
            bool member = false;
            if (existing) {
                for (const Membership &m : contacts[size_t(id)].memberships)
                    member = member || m.group == existing;
            }
            if (!member)
                insertMember(ensureGroup(key), id);
        }
        if (!roles.isEmpty())
            emitContactChanged(contacts[size_t(id)], roles);
    }

    void remove(const Jid &jid)
    {
        const int id = findId(jid.bareString());
        if (id < 0)
            return;
        QList<Group *> memberOf;
        for (const Membership &m : contacts[size_t(id)].memberships)
            memberOf.append(m.group);
        for (Group *group : std::as_const(memberOf))
            removeMember(group, id);
        removeRank(id);
        unindexId(id); // while bareOf() still reads the text
        dropText(id);
        contacts[size_t(id)] = Contact();
        if (matchesValid && size_t(id) < matches.size())
            matches[size_t(id)] = 0;
        freeIds.push_back(id);
    }

    void presenceChanged(const Jid &bareJid)
    {
        const int id = findId(bareJid.bareString());
        if (id < 0)
            return;
        Contact &contact = contacts[size_t(id)];
        const Availability oldAvailability = contact.availability;
        const QString oldStatus = contact.statusText;
        readPresence(contact, bareJid.bare());
        QList<int> roles;
        if (contact.availability != oldAvailability) {
            roles << AvailabilityRole << SortKeyRole;
            removeRank(id);
            insertRank(id);
            reposition(id);
        }
        if (contact.statusText != oldStatus)
            roles << StatusTextRole;
        if (roles.isEmpty())
            return;
        emitContactChanged(contact, roles);
        if (contact.availability == oldAvailability)
            return;
        for (const Membership &m : contact.memberships) {
            Group *group = m.group;
            const Availability oldBest = group->best();
            const int oldOnline = group->online();
            --group->counts[int(oldAvailability)];
            ++group->counts[int(contact.availability)];
            QList<int> groupRoles;
            if (group->best() != oldBest)
                groupRoles << AvailabilityRole;
            if (group->online() != oldOnline)
                groupRoles << OnlineCountRole;
            if (!groupRoles.isEmpty())
                emitGroupChanged(group, groupRoles);
        }
    }
};

RosterModel::RosterModel(RosterExtension *roster, PresenceExtension *presence, QObject *parent)
    : QAbstractItemModel(parent)
    , d(std::make_unique<Private>(this))
{
    d->roster = roster;
    d->presence = presence;
    if (roster) {
        connect(roster, &RosterExtension::loaded, this, [this] { d->reload(); });
        connect(roster, &RosterExtension::itemAdded, this,
                [this](const RosterItem &item) { d->add(item); });
        connect(roster, &RosterExtension::itemChanged, this,
                [this](const RosterItem &item) { d->change(item); });
        connect(roster, &RosterExtension::itemRemoved, this,
                [this](const Jid &jid) { d->remove(jid); });
        if (roster->isLoaded() || roster->count() > 0)
            d->reload();
    }
    if (presence) {
        connect(presence, &PresenceExtension::contactPresenceChanged, this,
                [this](const Jid &jid) { d->presenceChanged(jid); });
    }
}

RosterModel::~RosterModel() = default;

QString RosterModel::ungroupedName()
{
    return tr("Contacts");
}

QString RosterModel::availabilityName(Availability availability)
{
    switch (availability) {
    case Availability::Chat:
        return tr("Free to chat");
    case Availability::Available:
        return tr("Available");
    case Availability::Away:
        return tr("Away");
    case Availability::ExtendedAway:
        return tr("Extended away");
    case Availability::DoNotDisturb:
        return tr("Do not disturb");
    case Availability::Offline:
        break;
    }
    return tr("Offline");
}

void RosterModel::setUnreadCount(const Jid &bareJid, int count)
{
    const Jid bare = bareJid.bare();
    count = std::max(count, 0);
    if (count == 0)
        d->unread.remove(bare);
    else
        d->unread.insert(bare, count);
    const int id = d->findId(bare.bareString());
    if (id < 0)
        return;
    Private::Contact &contact = d->contacts[size_t(id)];
    const int delta = count - contact.unread;
    if (delta == 0)
        return;
    contact.unread = count;
    d->emitContactChanged(contact, {UnreadRole});
    for (const Private::Membership &m : contact.memberships) {
        m.group->unread += delta;
        d->emitGroupChanged(m.group, {UnreadRole});
    }
}

int RosterModel::unreadCount(const Jid &bareJid) const
{
    return d->unread.value(bareJid.bare(), 0);
}

int RosterModel::contactCount() const
{
    return int(d->jidCount);
}

QModelIndex RosterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column != 0 || row < 0)
        return {};
    if (!parent.isValid()) {
        if (size_t(row) >= d->groups.size())
            return {};
        return createIndex(row, 0);
    }
    if (parent.column() != 0)
        return {};
    const Private::Group *group = d->groupOf(parent);
    if (!group || row >= group->total())
        return {};
    return createIndex(row, 0, const_cast<Private::Group *>(group));
}

QModelIndex RosterModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const auto *group = static_cast<const Private::Group *>(child.internalPointer());
    if (!group)
        return {};
    return createIndex(group->row, 0);
}

int RosterModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(d->groups.size());
    if (parent.column() != 0)
        return 0;
    const Private::Group *group = d->groupOf(parent);
    return group ? group->total() : 0;
}

int RosterModel::columnCount(const QModelIndex &parent) const
{
    Q_UNUSED(parent);
    return 1;
}

bool RosterModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

Qt::ItemFlags RosterModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags result = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (index.internalPointer())
        result |= Qt::ItemNeverHasChildren;
    return result;
}

QVariant RosterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::DoNotUseParent))
        return {};
    if (!index.internalPointer()) {
        const Private::Group *group = d->groupOf(index);
        if (!group)
            return {};
        switch (role) {
        case Qt::DisplayRole:
        case NameRole:
            return group->key.isEmpty() ? ungroupedName() : group->key;
        case KindRole:
            return int(RowKind::Group);
        case AvailabilityRole:
            return int(group->best());
        case UnreadRole:
            return group->unread;
        case OnlineCountRole:
            return group->online();
        case TotalCountRole:
            return group->total();
        case SortKeyRole:
            return QString(
                (group->key.isEmpty() ? QStringLiteral("1\x1f") : QStringLiteral("0\x1f")) +
                group->sortName);
        case GroupKeyRole:
            return group->key;
        case Qt::AccessibleTextRole:
            return tr("%1, %2 of %3 online")
                .arg(group->key.isEmpty() ? ungroupedName() : group->key)
                .arg(group->online())
                .arg(group->total());
        default:
            return {};
        }
    }
    const int id = d->contactId(index);
    if (id < 0)
        return {};
    const Private::Contact &contact = d->contacts[size_t(id)];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return contact.display;
    case KindRole:
        return int(RowKind::Contact);
    case JidRole:
        return d->bareOf(contact).toString();
    case AvailabilityRole:
        return int(contact.availability);
    case StatusTextRole:
        return contact.statusText;
    case UnreadRole:
        return contact.unread;
    case SubscriptionRole:
        return RosterItem::subscriptionName(contact.subscription);
    case PendingRole:
        return contact.pending;
    case GroupsRole:
        return contact.groups;
    case SortKeyRole: {
        QString key = QString::number(int(contact.availability));
        key += QChar(0x1f);
        key += d->sortName(contact);
        key += QChar(0x1f);
        key += d->bareOf(contact);
        return key;
    }
    case GroupKeyRole:
        return static_cast<const Private::Group *>(index.internalPointer())->key;
    case Qt::AccessibleTextRole: {
        QString text =
            contact.display + QStringLiteral(", ") + availabilityName(contact.availability);
        if (!contact.statusText.isEmpty())
            text += QStringLiteral(", ") + contact.statusText;
        if (contact.unread > 0)
            text += QStringLiteral(", ") + tr("unread messages: %n", nullptr, contact.unread);
        return text;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> RosterModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(JidRole, "jid");
    names.insert(NameRole, "name");
    names.insert(AvailabilityRole, "availability");
    names.insert(StatusTextRole, "statusText");
    names.insert(UnreadRole, "unread");
    names.insert(SubscriptionRole, "subscription");
    names.insert(PendingRole, "pending");
    names.insert(GroupsRole, "groups");
    names.insert(OnlineCountRole, "onlineCount");
    names.insert(TotalCountRole, "totalCount");
    names.insert(SortKeyRole, "sortKey");
    names.insert(GroupKeyRole, "groupKey");
    return names;
}

QModelIndexList RosterModel::indexesFor(const Jid &bareJid) const
{
    QModelIndexList result;
    const int id = d->findId(bareJid.bareString());
    if (id < 0)
        return result;
    for (const Private::Membership &m : d->contacts[size_t(id)].memberships)
        result.append(d->contactIndex(m));
    std::sort(result.begin(), result.end(), [](const QModelIndex &a, const QModelIndex &b) {
        return a.parent().row() < b.parent().row();
    });
    return result;
}

QModelIndex RosterModel::groupIndex(const QString &group) const
{
    const Private::Group *found = d->groupByKey.value(group);
    return found ? d->groupIndex(found) : QModelIndex();
}

bool RosterModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const bool leftContact = left.internalPointer() != nullptr;
    const bool rightContact = right.internalPointer() != nullptr;
    if (leftContact != rightContact)
        return !leftContact; // groups before contacts (never siblings anyway)
    if (leftContact) {
        const int a = d->contactId(left);
        const int b = d->contactId(right);
        if (a < 0 || b < 0)
            return a < b;
        return d->ranks[size_t(a)] < d->ranks[size_t(b)];
    }
    const Private::Group *a = d->groupOf(left);
    const Private::Group *b = d->groupOf(right);
    if (!a || !b)
        return a < b;
    const bool aUngrouped = a->key.isEmpty();
    const bool bUngrouped = b->key.isEmpty();
    if (aUngrouped != bUngrouped)
        return bUngrouped; // "Contacts" last
    if (const int c = a->sortName.compare(b->sortName); c != 0)
        return c < 0;
    return a->key < b->key;
}

bool RosterModel::accepts(const QModelIndex &index, QStringView searchKey, bool showOffline) const
{
    if (!index.isValid())
        return false;
    if (index.internalPointer()) {
        const int id = d->contactId(index);
        if (id < 0)
            return false;
        if (!searchKey.isEmpty()) {
            d->ensureMatches(searchKey);
            return d->matches[size_t(id)] != 0;
        }
        const Private::Contact &contact = d->contacts[size_t(id)];
        return showOffline || contact.availability != Availability::Offline || contact.unread > 0;
    }
    const Private::Group *group = d->groupOf(index);
    if (!group || group->members.empty())
        return false;
    if (searchKey.isEmpty())
        return showOffline || group->online() > 0 || group->unread > 0;
    d->ensureMatches(searchKey);
    return std::any_of(group->members.cbegin(), group->members.cend(),
                       [this](int id) { return d->matches[size_t(id)] != 0; });
}

QString RosterModel::searchKey(QStringView text)
{
    QString folded = text.toString().toCaseFolded();
    const bool ascii =
        std::all_of(folded.cbegin(), folded.cend(), [](QChar c) { return c.unicode() < 0x80; });
    if (ascii)
        return folded;
    QString decomposed = folded.normalized(QString::NormalizationForm_KD);
    decomposed.removeIf([](QChar c) { return c.category() == QChar::Mark_NonSpacing; });
    // Latin letters with a stroke have no decomposition, yet people type them without it.
    for (QChar &c : decomposed) {
        switch (c.unicode()) {
        case u'ł':
            c = u'l';
            break;
        case u'ø':
            c = u'o';
            break;
        case u'đ':
            c = u'd';
            break;
        case u'ħ':
            c = u'h';
            break;
        case u'ı':
            c = u'i';
            break;
        default:
            break;
        }
    }
    return decomposed;
}

} // namespace natter
