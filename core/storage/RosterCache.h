// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "payloads/RosterQuery.h"

#include <QString>

#include <optional>

namespace natter {

// The roster and its version kept on disk between sessions, so that a server offering roster
// versioning (RFC 6121 §2.6, formerly XEP-0237) only needs to send what changed.
//
// A small CBOR file (RFC 8949), read as a stream: a JSON document of 2,000 items took 10 ms to
// parse into its tree, on the way to a cached login's presence; this takes under 2.
//   [2,                                   format
//    "ver14", true,                       version, hasVersion
//    [["romeo@example.net", "Romeo",      per item: JID, name,
//      3,                                 subscription (RosterItem::Subscription, not Remove),
//      0,                                 bit 0: ask='subscribe', bit 1: approved
//      ["Friends"]], ...]]                groups
class RosterCache
{
public:
    static constexpr int FormatVersion = 2;

    explicit RosterCache(const QString &filePath); // directory created on save

    const QString &filePath() const { return m_filePath; }

    // The stored roster; nullopt if the file is missing or corrupt (corrupt: logged, ignored, so
    // that the caller asks for the full roster).
    std::optional<RosterQuery> load() const;
    // Replaces the file atomically (QSaveFile). Returns false (and logs) on failure.
    bool save(const RosterQuery &roster);
    // Deletes the file (for example when the account is removed).
    bool clear();

private:
    QString m_filePath;
};

} // namespace natter
