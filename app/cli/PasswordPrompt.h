// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace natter::cli {

// Asks for a password on the controlling terminal without echo. std::nullopt when there is no
// terminal (scripts must use NATTER_PASSWORD or --password-file).
std::optional<QString> askPassword(const QString &prompt);

} // namespace natter::cli
