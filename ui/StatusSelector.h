// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/PresenceService.h"

#include <QComboBox>

namespace natter {

// Our own status to choose from, each with its presence icon: Available, Free to chat, Away,
// Extended away, Do not disturb, Invisible (only where the server supports it) and Offline.
class StatusSelector : public QComboBox
{
    Q_OBJECT
public:
    explicit StatusSelector(QWidget *parent = nullptr);

    // Shows a status without emitting statusChosen().
    void setStatus(PresenceService::Status status);
    PresenceService::Status status() const;

    void setInvisibleAvailable(bool available);
    bool isInvisibleAvailable() const;

    // The presence icon of a status (Icons::presence; invisible looks offline to others).
    static QIcon iconFor(PresenceService::Status status);

Q_SIGNALS:
    // The user picked a status (with the mouse or the keyboard).
    void statusChosen(natter::PresenceService::Status status);

private:
    int rowOf(PresenceService::Status status) const;
    void addStatus(PresenceService::Status status);
};

} // namespace natter
