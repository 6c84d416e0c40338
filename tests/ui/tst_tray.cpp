// SPDX-License-Identifier: GPL-3.0-or-later
// TrayIcon: presence emblem and unread badge drawn into the icon, the tooltip, and the menu's
// actions and signals.
#include "BadgeIconEngine.h"
#include "TrayIcon.h"
#include "UiTestUtil.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QMenu>
#include <QPainter>
#include <QSignalSpy>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;
using namespace natter;
using Status = PresenceService::Status;

namespace {

QPalette palette(bool dark)
{
    QPalette p;
    if (dark) {
        p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
        p.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xec));
        p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x20));
        p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xec));
        p.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3d));
        p.setColor(QPalette::ButtonText, QColor(0xee, 0xee, 0xec));
        p.setColor(QPalette::Highlight, QColor(0x3a, 0x8c, 0xe8));
        p.setColor(QPalette::HighlightedText, Qt::white);
        p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x77, 0x77, 0x77));
        p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x77, 0x77, 0x77));
    } else {
        p = QApplication::style()->standardPalette();
        // Purple: unlike anything in the app and presence icons, so the badge can be counted.
        p.setColor(QPalette::Highlight, QColor(0x91, 0x41, 0xac));
        p.setColor(QPalette::HighlightedText, Qt::white);
    }
    return p;
}

int countNear(const QImage &image, const QRect &area, const QColor &colour)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor c = QColor::fromRgba(argb.pixel(x, y));
            if (c.alpha() == 255 && qAbs(c.red() - colour.red()) < 12 &&
                qAbs(c.green() - colour.green()) < 12 && qAbs(c.blue() - colour.blue()) < 12)
                ++n;
        }
    return n;
}

} // namespace

class TestTray : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QApplication::setPalette(palette(false)); }

    void iconShowsPresenceAndUnread()
    {
        TrayIcon tray;
        tray.setStatus(Status::Away);
        QImage image = tray.icon().pixmap(QSize(64, 64), 1.0).toImage();
        const QColor highlight = QApplication::palette().color(QPalette::Highlight);
        const QColor amber(0xf5, 0xb8, 0x2e); // presence-away.svg
        const QRect topRight(32, 0, 32, 32);
        const QRect bottomRight(32, 32, 32, 32);
        QCOMPARE(countNear(image, topRight, highlight), 0); // no badge without unread
        QVERIFY(countNear(image, bottomRight, amber) > 100);

        tray.setUnreadCount(3);
        image = tray.icon().pixmap(QSize(64, 64), 1.0).toImage();
        QVERIFY(countNear(image, topRight, highlight) > 200);
        QVERIFY(countNear(image, bottomRight, amber) > 100);
        QCOMPARE(tray.unreadCount(), 3);

        tray.setStatus(Status::DoNotDisturb);
        image = tray.icon().pixmap(QSize(64, 64), 1.0).toImage();
        QCOMPARE(countNear(image, bottomRight, amber), 0);
        QVERIFY(countNear(image, bottomRight, QColor(0xe0, 0x39, 0x3e)) > 100);

        // HiDPI: drawn at device pixels.
        const QPixmap hidpi = tray.icon().pixmap(QSize(22, 22), 2.0);
        QCOMPARE(hidpi.size(), QSize(44, 44));
    }

    void offlineIsGreyedOut()
    {
        TrayIcon tray;
        tray.setStatus(Status::Available);
        const QColor blue(0x3f, 0x9b, 0xf5); // top of the app icon's front bubble
        const QImage online = tray.icon().pixmap(QSize(64, 64), 1.0).toImage();
        tray.setStatus(Status::Offline);
        const QImage offline = tray.icon().pixmap(QSize(64, 64), 1.0).toImage();
        QVERIFY(online != offline);
        // Greyed: no saturated pixel left in the upper left (the app icon).
        const QImage argb = offline.convertToFormat(QImage::Format_ARGB32);
        for (int y = 0; y < 30; ++y)
            for (int x = 0; x < 30; ++x) {
                const QColor c = QColor::fromRgba(argb.pixel(x, y));
                QVERIFY(c.alpha() == 0 || c.hsvSaturation() < 20);
            }
        Q_UNUSED(blue);
    }

    void badgeText()
    {
        QCOMPARE(BadgeIconEngine::badgeText(0), QString());
        QCOMPARE(BadgeIconEngine::badgeText(-3), QString());
        QCOMPARE(BadgeIconEngine::badgeText(7), u"7"_s);
        QCOMPARE(BadgeIconEngine::badgeText(99), u"99"_s);
        QCOMPARE(BadgeIconEngine::badgeText(100), u"99+"_s);
    }

    void toolTipSaysItInWords()
    {
        TrayIcon tray;
        tray.setStatus(Status::ExtendedAway);
        QCOMPARE(tray.toolTip(), u"Natter — Extended away"_s);
        tray.setUnreadCount(1);
        QCOMPARE(tray.toolTip(), u"Natter — Extended away (1 unread)"_s);
        tray.setUnreadCount(5);
        QCOMPARE(tray.toolTip(), u"Natter — Extended away (5 unread)"_s);
    }

    void menuActions()
    {
        TrayIcon tray;
        tray.setStatus(Status::Away);
        QVERIFY(tray.statusAction(Status::Away)->isChecked());
        QVERIFY(!tray.statusAction(Status::Available)->isChecked());
        QVERIFY(!tray.statusAction(Status::Invisible)->isVisible());
        tray.setInvisibleSupported(true);
        QVERIFY(tray.statusAction(Status::Invisible)->isVisible());

        QSignalSpy status(&tray, &TrayIcon::statusRequested);
        tray.statusAction(Status::DoNotDisturb)->trigger();
        QCOMPARE(status.size(), 1);
        QCOMPARE(status.at(0).at(0).value<Status>(), Status::DoNotDisturb);
        // The checkmark follows what the account reports, set by setStatus().
        tray.setStatus(Status::DoNotDisturb);
        QVERIFY(tray.statusAction(Status::DoNotDisturb)->isChecked());
        QVERIFY(!tray.statusAction(Status::Away)->isChecked());

        QSignalSpy show(&tray, &TrayIcon::showRequested);
        QSignalSpy hide(&tray, &TrayIcon::hideRequested);
        QVERIFY(tray.showHideAction()->text().contains(u"Hide"));
        tray.showHideAction()->trigger();
        QCOMPARE(hide.size(), 1);
        tray.setWindowVisible(false);
        QVERIFY(tray.showHideAction()->text().contains(u"Show"));
        tray.showHideAction()->trigger();
        QCOMPARE(show.size(), 1);

        QSignalSpy quit(&tray, &TrayIcon::quitRequested);
        tray.quitAction()->trigger();
        QCOMPARE(quit.size(), 1);

        QSignalSpy activated(&tray, &TrayIcon::activated);
        Q_EMIT tray.systemTrayIcon()->activated(QSystemTrayIcon::Trigger);
        Q_EMIT tray.systemTrayIcon()->activated(QSystemTrayIcon::Context); // opens the menu only
        QCOMPARE(activated.size(), 1);

        // Every entry has text (its accessible name) and a mnemonic.
        QVERIFY(!tray.menu()->accessibleName().isEmpty());
        const QList<QAction *> actions = tray.menu()->actions();
        for (QAction *action : actions) {
            if (action->isSeparator())
                continue;
            QVERIFY2(action->text().contains(u'&'), qPrintable(action->text()));
        }
        QCOMPARE(tray.systemTrayIcon()->contextMenu(), tray.menu());
    }

    void menuKeyboard()
    {
        // The menu is reachable and usable from the keyboard: Down to Status, Right into it.
        TrayIcon tray;
        tray.setStatus(Status::Available);
        QSignalSpy status(&tray, &TrayIcon::statusRequested);
        QMenu *menu = tray.menu();
        menu->popup(QPoint(100, 100));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        QTest::keyClick(menu, Qt::Key_S); // "&Status" (also "&Show" – both start with S)
        QTRY_VERIFY(menu->activeAction() != nullptr);
        menu->close();
    }

    void german()
    {
        QTranslator translator;
        QVERIFY(translator.load(u":/i18n/natter_de.qm"_s));
        QApplication::installTranslator(&translator);
        {
            TrayIcon tray;
            tray.setStatus(Status::DoNotDisturb);
            tray.setUnreadCount(2);
            QCOMPARE(tray.toolTip(), u"Natter – Bitte nicht stören (2 ungelesen)"_s);
            QCOMPARE(tray.quitAction()->text(), u"Natter &beenden"_s);
            QCOMPARE(tray.statusAction(Status::ExtendedAway)->text(), u"Länger abwesend"_s);
            tray.menu()->popup(QPoint(10, 10));
            QVERIFY(QTest::qWaitForWindowExposed(tray.menu()));
            test::saveScreenshot(tray.menu(), u"tray-menu-de"_s);
            tray.menu()->close();
        }
        QApplication::removeTranslator(&translator);
    }

    void screenshots_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    // The tray icon in several states and sizes, and the menu: build/screenshots/tray-*.png.
    void screenshots()
    {
        QFETCH(bool, dark);
        QApplication::setPalette(palette(dark));
        const QPalette pal = QApplication::palette();
        struct State
        {
            Status status;
            int unread;
        };
        const QList<State> states{{Status::Available, 0},      {Status::FreeToChat, 1},
                                  {Status::Away, 3},           {Status::ExtendedAway, 12},
                                  {Status::DoNotDisturb, 150}, {Status::Offline, 0},
                                  {Status::Offline, 4}};
        const QList<int> sizes{16, 22, 24, 32, 48, 64};
        QImage sheet(40 + 80 * int(sizes.size()), 20 + 80 * int(states.size()),
                     QImage::Format_ARGB32_Premultiplied);
        sheet.fill(pal.color(QPalette::Window));
        QPainter p(&sheet);
        TrayIcon tray;
        for (int row = 0; row < states.size(); ++row) {
            tray.setStatus(states[row].status);
            tray.setUnreadCount(states[row].unread);
            for (int col = 0; col < sizes.size(); ++col) {
                const int s = sizes[col];
                const QPixmap pm = tray.icon().pixmap(QSize(s, s), 1.0);
                QCOMPARE(pm.size(), QSize(s, s));
                p.drawPixmap(40 + col * 80 + (80 - s) / 2, 20 + row * 80 + (80 - s) / 2, pm);
            }
        }
        p.end();
        const QString theme = dark ? u"dark"_s : u"light"_s;
        const QString dir = qEnvironmentVariable("NATTER_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY(sheet.save(dir + u"/tray-icons-"_s + theme + u".png"_s));
        }

        tray.setStatus(Status::Away);
        tray.setInvisibleSupported(true);
        QMenu *menu = tray.menu();
        menu->popup(QPoint(10, 10));
        QVERIFY(QTest::qWaitForWindowExposed(menu));
        QMenu *statusMenu = menu->findChild<QMenu *>(u"statusMenu"_s);
        menu->setActiveAction(statusMenu->menuAction());
        statusMenu->popup(QPoint(10 + menu->width(), 10));
        QVERIFY(QTest::qWaitForWindowExposed(statusMenu));
        test::saveScreenshot(menu, u"tray-menu-"_s + theme);
        test::saveScreenshot(statusMenu, u"tray-status-menu-"_s + theme);
        statusMenu->close();
        menu->close();
    }
};

QTEST_MAIN(TestTray)
#include "tst_tray.moc"
