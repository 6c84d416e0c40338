// SPDX-License-Identifier: GPL-3.0-or-later
#include "Icons.h"

#include <QApplication>
#include <QDir>
#include <QHash>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace natter;

namespace {

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xf6, 0xf5, 0xf4));
    p.setColor(QPalette::WindowText, QColor(0x24, 0x24, 0x24));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, QColor(0x24, 0x24, 0x24));
    p.setColor(QPalette::Highlight, QColor(0x35, 0x84, 0xe4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x9a, 0x9a, 0x9a));
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
    p.setColor(QPalette::WindowText, QColor(0xee, 0xee, 0xec));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x20));
    p.setColor(QPalette::Text, QColor(0xee, 0xee, 0xec));
    p.setColor(QPalette::Highlight, QColor(0x1c, 0x71, 0xd8));
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xfe));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x77, 0x77, 0x77));
    return p;
}

int opaquePixels(const QImage &image)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += qAlpha(image.pixel(x, y)) > 200 ? 1 : 0;
    return n;
}

// The colour of the most opaque pixels (symbolic icons are drawn in one colour).
QColor inkColour(const QImage &image)
{
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x)
            if (qAlpha(argb.pixel(x, y)) == 255)
                return QColor(argb.pixel(x, y)).toRgb();
    return {};
}

// The colour of a presence disc: the most frequent opaque colour that is not its white glyph.
QColor discColour(const QIcon &icon, QIcon::Mode mode = QIcon::Normal)
{
    const QImage image =
        icon.pixmap(QSize(32, 32), 1.0, mode).toImage().convertToFormat(QImage::Format_ARGB32);
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = image.pixel(x, y);
            if (qAlpha(p) > 0 && (qRed(p) < 240 || qGreen(p) < 240 || qBlue(p) < 240))
                ++counts[p];
        }
    QRgb best = 0;
    int bestCount = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (it.value() > bestCount) {
            best = it.key();
            bestCount = it.value();
        }
    return QColor::fromRgba(best);
}

} // namespace

class TestIcons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QApplication::setPalette(lightPalette()); }

    void everyActionIconRenders_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : Icons::actionNames())
            QTest::newRow(qPrintable(name)) << name;
    }
    void everyActionIconRenders()
    {
        QFETCH(QString, name);
        const QIcon icon = Icons::action(name);
        QVERIFY(!icon.isNull());
        const QImage image = icon.pixmap(QSize(16, 16), 1.0).toImage();
        QCOMPARE(image.size(), QSize(16, 16));
        // Something is drawn, but not a filled square.
        const int ink = opaquePixels(image);
        QVERIFY2(ink > 10, qPrintable(u"%1: %2 opaque pixels"_s.arg(name).arg(ink)));
        QVERIFY2(ink < 16 * 16 * 3 / 4, qPrintable(u"%1: %2 opaque pixels"_s.arg(name).arg(ink)));
    }

    void unknownActionIsNull()
    {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"no such icon"_s));
        QVERIFY(Icons::action(u"no-such-icon"_s).isNull());
    }

    void symbolicIconsFollowThePalette()
    {
        // One QIcon object: the colour is looked up when it is drawn, not when it is created.
        const QIcon icon = Icons::action(u"send"_s);
        QCOMPARE(inkColour(icon.pixmap(QSize(24, 24), 1.0).toImage()),
                 lightPalette().color(QPalette::WindowText));
        QApplication::setPalette(darkPalette());
        QCOMPARE(inkColour(icon.pixmap(QSize(24, 24), 1.0).toImage()),
                 darkPalette().color(QPalette::WindowText));
        QCOMPARE(inkColour(icon.pixmap(QSize(24, 24), 1.0, QIcon::Selected).toImage()),
                 darkPalette().color(QPalette::HighlightedText));
        QCOMPARE(inkColour(icon.pixmap(QSize(24, 24), 1.0, QIcon::Disabled).toImage()),
                 darkPalette().color(QPalette::Disabled, QPalette::WindowText));
    }

    void hiDpiPixmapsHaveDevicePixels()
    {
        const QIcon icon = Icons::action(u"settings"_s);
        const QPixmap pm1 = icon.pixmap(QSize(16, 16), 1.0);
        const QPixmap pm2 = icon.pixmap(QSize(16, 16), 2.0);
        QCOMPARE(pm1.size(), QSize(16, 16));
        QCOMPARE(pm2.size(), QSize(32, 32));
        QCOMPARE(pm2.devicePixelRatio(), 2.0);
        // Rendered at 32 px, not the 16 px picture scaled up: it has more detail.
        const QImage upscaled =
            pm1.toImage().scaled(32, 32, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
        QVERIFY(upscaled.convertToFormat(QImage::Format_ARGB32) !=
                pm2.toImage().convertToFormat(QImage::Format_ARGB32));
        const QPixmap app3 = Icons::app().pixmap(QSize(64, 64), 3.0);
        QCOMPARE(app3.size(), QSize(192, 192));
        QVERIFY(opaquePixels(app3.toImage()) > 192 * 192 / 3);
    }

    void presenceIconsAreDistinct()
    {
        // 0 chat, 1 available, 2 away, 3 xa, 4 dnd, 5 offline (RosterModel::Availability).
        const QColor chat = discColour(Icons::presence(0));
        const QColor available = discColour(Icons::presence(1));
        const QColor away = discColour(Icons::presence(2));
        const QColor xa = discColour(Icons::presence(3));
        const QColor dnd = discColour(Icons::presence(4));
        QCOMPARE(chat, available); // same green; chat adds a white plus
        QVERIFY(available.green() > available.red() && available.green() > available.blue());
        QVERIFY(away.red() > 200 && away.green() > 150 && away.blue() < 100); // amber
        QVERIFY(xa.red() > 200 && xa.green() < away.green());                 // darker orange
        QVERIFY(dnd.red() > 200 && dnd.green() < 80);                         // red
        // Offline is a hollow ring: the centre is transparent.
        const QImage offline = Icons::presence(5).pixmap(QSize(32, 32), 1.0).toImage();
        QCOMPARE(qAlpha(offline.pixel(16, 16)), 0);
        QVERIFY(opaquePixels(offline) > 50);
        // Chat differs from available by its glyph.
        QVERIFY(Icons::presence(0).pixmap(QSize(32, 32), 1.0).toImage() !=
                Icons::presence(1).pixmap(QSize(32, 32), 1.0).toImage());
        // Anything out of range shows as offline.
        QCOMPARE(Icons::presence(42).pixmap(QSize(32, 32), 1.0).toImage(), offline);
        QCOMPARE(Icons::presence(-1).pixmap(QSize(32, 32), 1.0).toImage(), offline);
    }

    void disabledColourIconsAreGreyed()
    {
        const QColor n = discColour(Icons::presence(4));
        const QColor d = discColour(Icons::presence(4), QIcon::Disabled);
        QVERIFY(n.red() > 200 && n.green() < 80);
        QVERIFY(d.alpha() < 255);
        QVERIFY(qAbs(d.red() - d.green()) < 3); // grey
        QVERIFY(qAbs(d.green() - d.blue()) < 3);
    }

    void grid_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }
    // A sheet of every icon at 16, 24 and 32 px, each at 1× and 2×, plus the app icon from 16 to
    // 256 px: for people to look at (build/screenshots/icons-light.png, icons-dark.png).
    void grid()
    {
        QFETCH(bool, dark);
        const QPalette palette = dark ? darkPalette() : lightPalette();
        QApplication::setPalette(palette);

        struct Entry
        {
            QString label;
            QIcon icon;
        };
        QList<Entry> entries;
        const QStringList presenceNames{u"chat"_s, u"available"_s, u"away"_s,
                                        u"xa"_s,   u"dnd"_s,       u"offline"_s};
        for (int i = 0; i < presenceNames.size(); ++i)
            entries.append({u"presence-"_s + presenceNames[i], Icons::presence(i)});
        for (const QString &name : Icons::actionNames())
            entries.append({name, Icons::action(name)});

        const QList<int> sizes{16, 24, 32};
        const int labelWidth = 130;
        const int cell = 72;
        const int rowHeight = 72;
        const int appHeight = 300;
        QImage sheet(labelWidth + cell * int(sizes.size()) * 2 + cell * 2,
                     rowHeight * int(entries.size()) + appHeight + 40,
                     QImage::Format_ARGB32_Premultiplied);
        sheet.fill(palette.color(QPalette::Window));
        QPainter p(&sheet);
        p.setPen(palette.color(QPalette::WindowText));
        QFont font = p.font();
        font.setPixelSize(12);
        p.setFont(font);
        int x = labelWidth;
        for (int s : sizes) {
            p.drawText(QRect(x, 0, cell, 30), Qt::AlignCenter, u"%1 @1x"_s.arg(s));
            p.drawText(QRect(x + cell, 0, cell, 30), Qt::AlignCenter, u"%1 @2x"_s.arg(s));
            x += 2 * cell;
        }
        p.drawText(QRect(x, 0, cell, 30), Qt::AlignCenter, u"selected"_s);
        p.drawText(QRect(x + cell, 0, cell, 30), Qt::AlignCenter, u"disabled"_s);
        int y = 30;
        for (const Entry &e : std::as_const(entries)) {
            p.drawText(QRect(6, y, labelWidth - 6, rowHeight), Qt::AlignVCenter, e.label);
            x = labelWidth;
            for (int s : sizes) {
                for (qreal dpr : {1.0, 2.0}) {
                    QPixmap pm = e.icon.pixmap(QSize(s, s), dpr);
                    pm.setDevicePixelRatio(1.0); // show the device pixels 1:1
                    p.drawPixmap(x + (cell - pm.width()) / 2, y + (rowHeight - pm.height()) / 2,
                                 pm);
                    x += cell;
                }
            }
            p.fillRect(QRect(x + 4, y + 4, cell - 8, rowHeight - 8),
                       palette.color(QPalette::Highlight));
            const QPixmap sel = e.icon.pixmap(QSize(24, 24), 1.0, QIcon::Selected);
            p.drawPixmap(x + (cell - 24) / 2, y + (rowHeight - 24) / 2, sel);
            const QPixmap dis = e.icon.pixmap(QSize(24, 24), 1.0, QIcon::Disabled);
            p.drawPixmap(x + cell + (cell - 24) / 2, y + (rowHeight - 24) / 2, dis);
            y += rowHeight;
        }
        p.drawText(QRect(6, y, labelWidth, 40), Qt::AlignVCenter, u"app icon"_s);
        x = 6;
        y += 40;
        for (int s : {16, 22, 32, 48, 64, 128, 256}) {
            const QPixmap pm = Icons::app().pixmap(QSize(s, s), 1.0);
            QCOMPARE(pm.size(), QSize(s, s));
            p.drawPixmap(x, y + 256 - s, pm);
            x += s + 12;
        }
        p.end();

        // The 16 px pictures magnified 4× (nearest neighbour), to judge them pixel by pixel.
        const int zoom = 4;
        const int perRow = 10;
        const int zoomCell = 16 * zoom + 12;
        entries.append({u"app"_s, Icons::app()});
        QImage zoomed(perRow * zoomCell + 12,
                      int((entries.size() + perRow - 1) / perRow) * zoomCell + 12,
                      QImage::Format_ARGB32_Premultiplied);
        zoomed.fill(palette.color(QPalette::Window));
        QPainter zp(&zoomed);
        for (int i = 0; i < entries.size(); ++i) {
            const QImage small = entries[i].icon.pixmap(QSize(16, 16), 1.0).toImage();
            zp.drawImage(QPoint(12 + (i % perRow) * zoomCell, 12 + (i / perRow) * zoomCell),
                         small.scaled(16 * zoom, 16 * zoom));
        }
        zp.end();

        const QString dir = qEnvironmentVariable("NATTER_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            const QString theme = dark ? u"dark"_s : u"light"_s;
            QVERIFY(sheet.save(dir + u"/icons-"_s + theme + u".png"_s));
            QVERIFY(zoomed.save(dir + u"/icons-16px-zoomed-"_s + theme + u".png"_s));
        }
    }
};

QTEST_MAIN(TestIcons)
#include "tst_icons.moc"
