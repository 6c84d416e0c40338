// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/PresenceService.h"

#include <QIcon>
#include <QObject>

#include <memory>

class QAction;
class QActionGroup;
class QMenu;
class QSystemTrayIcon;

namespace natter {

// Natter in the system tray: the app icon with our presence as an emblem and the number of
// unread messages as a badge; the tooltip says the same in words ("Natter — Away, 3 unread
// messages"). A click asks to show or hide the main window; the menu offers Show/Hide, the
// statuses and Quit. Also the fallback for desktop notifications (see Notifier).
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    explicit TrayIcon(QObject *parent = nullptr);
    ~TrayIcon() override;

    // Whether the desktop has a tray at all (no tray: keep the main window reachable).
    static bool isSystemTrayAvailable();

    void setStatus(PresenceService::Status status);
    PresenceService::Status status() const { return m_status; }
    void setUnreadCount(int count);
    int unreadCount() const { return m_unread; }
    // Whether XEP-0186 invisibility can be chosen (the menu offers it then).
    void setInvisibleSupported(bool supported);
    // Whether the main window is visible: the first menu entry reads "Hide" or "Show".
    void setWindowVisible(bool visible);

    void show();
    void hide();
    bool isVisible() const;

    QIcon icon() const;
    QString toolTip() const;
    QMenu *menu() const { return m_menu.get(); }
    QAction *showHideAction() const { return m_showHide; }
    QAction *quitAction() const { return m_quit; }
    QAction *statusAction(PresenceService::Status status) const;
    QSystemTrayIcon *systemTrayIcon() const { return m_tray; }

    // A balloon message from the tray icon (plain text).
    void showMessage(const QString &title, const QString &body);

Q_SIGNALS:
    // The icon was clicked (or activated from the keyboard): toggle the main window.
    void activated();
    void showRequested();
    void hideRequested();
    void quitRequested();
    void statusRequested(natter::PresenceService::Status status);
    // The last balloon message was clicked.
    void messageClicked();

private:
    void update();
    void retranslate();

    QSystemTrayIcon *m_tray;
    std::unique_ptr<QMenu> m_menu; // a QMenu is a widget: it cannot be a child of a QObject
    QMenu *m_statusMenu;
    QAction *m_showHide;
    QAction *m_quit;
    QActionGroup *m_statusGroup;
    QList<QAction *> m_statusActions;
    PresenceService::Status m_status = PresenceService::Status::Offline;
    int m_unread = 0;
    bool m_windowVisible = true;
};

} // namespace natter
