// SPDX-License-Identifier: GPL-3.0-or-later
#include "TrayIcon.h"

#include "BadgeIconEngine.h"
#include "Icons.h"

#include <QAction>
#include <QActionGroup>
#include <QMenu>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace natter {

namespace {

using Status = PresenceService::Status;

// The statuses the menu offers, in this order.
constexpr Status MenuStatuses[] = {Status::FreeToChat,   Status::Available,    Status::Away,
                                   Status::ExtendedAway, Status::DoNotDisturb, Status::Invisible,
                                   Status::Offline};

// By RosterModel::Availability (what Icons::presence() takes).
int availability(Status status)
{
    switch (status) {
    case Status::FreeToChat:
        return 0;
    case Status::Available:
        return 1;
    case Status::Away:
        return 2;
    case Status::ExtendedAway:
        return 3;
    case Status::DoNotDisturb:
        return 4;
    case Status::Invisible:
    case Status::Offline:
        break;
    }
    return 5;
}

} // namespace

TrayIcon::TrayIcon(QObject *parent)
    : QObject(parent)
    , m_tray(new QSystemTrayIcon(this))
    , m_menu(std::make_unique<QMenu>())
{
    m_menu->setObjectName(u"trayMenu"_s);
    m_showHide = m_menu->addAction(QString());
    m_showHide->setObjectName(u"showHide"_s);
    connect(m_showHide, &QAction::triggered, this, [this] {
        if (m_windowVisible)
            Q_EMIT hideRequested();
        else
            Q_EMIT showRequested();
    });
    m_menu->addSeparator();

    m_statusMenu = m_menu->addMenu(QString());
    m_statusMenu->setObjectName(u"statusMenu"_s);
    m_statusGroup = new QActionGroup(this);
    m_statusGroup->setExclusive(true);
    for (Status status : MenuStatuses) {
        QAction *action = m_statusMenu->addAction(Icons::presence(availability(status)),
                                                  PresenceService::statusName(status));
        action->setCheckable(true);
        action->setData(QVariant::fromValue(status));
        m_statusGroup->addAction(action);
        m_statusActions.append(action);
        connect(action, &QAction::triggered, this,
                [this, status] { Q_EMIT statusRequested(status); });
    }
    statusAction(Status::Invisible)->setVisible(false);

    m_menu->addSeparator();
    m_quit = m_menu->addAction(QString());
    m_quit->setObjectName(u"quit"_s);
    m_quit->setMenuRole(QAction::QuitRole);
    connect(m_quit, &QAction::triggered, this, &TrayIcon::quitRequested);

    m_tray->setContextMenu(m_menu.get());
    connect(m_tray, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    Q_EMIT activated();
            });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &TrayIcon::messageClicked);

    retranslate();
    update();
}

TrayIcon::~TrayIcon()
{
    m_tray->setContextMenu(nullptr);
}

bool TrayIcon::isSystemTrayAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

void TrayIcon::retranslate()
{
    m_menu->setTitle(tr("Natter"));
    m_menu->setAccessibleName(tr("Natter tray menu"));
    m_statusMenu->setTitle(tr("&Status"));
    m_statusMenu->setAccessibleName(tr("Status"));
    m_quit->setText(tr("&Quit Natter"));
    m_showHide->setText(m_windowVisible ? tr("&Hide Natter") : tr("&Show Natter"));
}

QAction *TrayIcon::statusAction(Status status) const
{
    for (QAction *action : m_statusActions) {
        if (action->data().value<Status>() == status)
            return action;
    }
    return nullptr;
}

void TrayIcon::setStatus(Status status)
{
    m_status = status;
    update();
}

void TrayIcon::setUnreadCount(int count)
{
    m_unread = qMax(0, count);
    update();
}

void TrayIcon::setInvisibleSupported(bool supported)
{
    statusAction(Status::Invisible)->setVisible(supported || m_status == Status::Invisible);
}

void TrayIcon::setWindowVisible(bool visible)
{
    m_windowVisible = visible;
    retranslate();
}

void TrayIcon::show()
{
    m_tray->show();
}

void TrayIcon::hide()
{
    m_tray->hide();
}

bool TrayIcon::isVisible() const
{
    return m_tray->isVisible();
}

QIcon TrayIcon::icon() const
{
    return m_tray->icon();
}

QString TrayIcon::toolTip() const
{
    return m_tray->toolTip();
}

void TrayIcon::showMessage(const QString &title, const QString &body)
{
    m_tray->showMessage(title, body, Icons::app());
}

void TrayIcon::update()
{
    if (QAction *action = statusAction(m_status))
        action->setChecked(true);
    if (m_status == Status::Invisible)
        statusAction(Status::Invisible)->setVisible(true);

    const bool offline = m_status == Status::Offline;
    m_tray->setIcon(QIcon(new BadgeIconEngine(Icons::app(), Icons::presence(availability(m_status)),
                                              m_unread, offline)));

    const QString status = PresenceService::statusName(m_status);
    QString tip = m_unread > 0 ? tr("Natter — %1 (%n unread)", nullptr, m_unread).arg(status)
                               : tr("Natter — %1").arg(status);
    m_tray->setToolTip(tip);
}

} // namespace natter
