// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "payloads/RosterQuery.h"

#include <QString>

#include <optional>

namespace natter {

// The roster and its version kept on disk between sessions, so that a server offering roster
// versioning (RFC 6121 §2.6, formerly XEP-0237) only needs to send what changed.
//
// A small JSON file:
//   {"format": 1, "version": "ver14", "hasVersion": true,
//    "items": [{"jid": "romeo@example.net", "name": "Romeo", "subscription": "both",
//               "ask": false, "approved": false, "groups": ["Friends"]}, ...]}
class RosterCache
{
public:
    static constexpr int FormatVersion = 1;

    explicit RosterCache(const QString &filePath); // JSON file; directory created on save

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
