// SPDX-License-Identifier: GPL-3.0-or-later
#include "StatusSelector.h"

#include "Icons.h"
#include "models/RosterModel.h"

namespace natter {

using Status = PresenceService::Status;

StatusSelector::StatusSelector(QWidget *parent)
    : QComboBox(parent)
{
    setAccessibleName(tr("Your status"));
    setToolTip(tr("Your status, as your contacts see it"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    for (const Status status : {Status::Available, Status::FreeToChat, Status::Away,
                                Status::ExtendedAway, Status::DoNotDisturb, Status::Offline}) {
        addStatus(status);
    }
    setStatus(Status::Offline);
    connect(this, &QComboBox::activated, this,
            [this](int row) { Q_EMIT statusChosen(Status(itemData(row).toInt())); });
}

QIcon StatusSelector::iconFor(Status status)
{
    using Availability = RosterModel::Availability;
    switch (status) {
    case Status::FreeToChat:
        return Icons::presence(int(Availability::Chat));
    case Status::Available:
        return Icons::presence(int(Availability::Available));
    case Status::Away:
        return Icons::presence(int(Availability::Away));
    case Status::ExtendedAway:
        return Icons::presence(int(Availability::ExtendedAway));
    case Status::DoNotDisturb:
        return Icons::presence(int(Availability::DoNotDisturb));
    case Status::Invisible:
    case Status::Offline:
        break;
    }
    return Icons::presence(int(Availability::Offline));
}

void StatusSelector::addStatus(Status status)
{
    addItem(iconFor(status), PresenceService::statusName(status), int(status));
}

int StatusSelector::rowOf(Status status) const
{
    return findData(int(status));
}

void StatusSelector::setStatus(Status status)
{
    const int row = rowOf(status);
    if (row >= 0)
        setCurrentIndex(row);
}

Status StatusSelector::status() const
{
    return Status(currentData().toInt());
}

void StatusSelector::setInvisibleAvailable(bool available)
{
    if (available == isInvisibleAvailable())
        return;
    const QSignalBlocker blocker(this);
    if (available) {
        // Between "Do not disturb" and "Offline".
        insertItem(rowOf(Status::Offline), iconFor(Status::Invisible),
                   PresenceService::statusName(Status::Invisible), int(Status::Invisible));
    } else {
        const bool wasCurrent = status() == Status::Invisible;
        removeItem(rowOf(Status::Invisible));
        if (wasCurrent)
            setStatus(Status::Available);
    }
}

bool StatusSelector::isInvisibleAvailable() const
{
    return rowOf(Status::Invisible) >= 0;
}

} // namespace natter
