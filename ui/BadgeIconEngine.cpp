// SPDX-License-Identifier: GPL-3.0-or-later
#include "BadgeIconEngine.h"

#include <QFont>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace natter {

BadgeIconEngine::BadgeIconEngine(const QIcon &base, const QIcon &emblem, int count, bool dimmed)
    : m_base(base)
    , m_emblem(emblem)
    , m_count(count)
    , m_dimmed(dimmed)
{}

QString BadgeIconEngine::badgeText(int count)
{
    if (count <= 0)
        return {};
    return count > 99 ? u"99+"_s : QString::number(count);
}

void BadgeIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode mode,
                            QIcon::State state)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    const qreal side = qMin(rect.width(), rect.height());
    const QRectF square(rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2,
                        side, side);

    // The base fills the square; the emblem and the badge overlap its corners.
    m_base.paint(painter, square.toAlignedRect(), Qt::AlignCenter,
                 m_dimmed ? QIcon::Disabled : mode, state);

    if (!m_emblem.isNull()) {
        const qreal e = side * 9 / 16;
        const QRectF emblemRect(square.right() - e, square.bottom() - e, e, e);
        m_emblem.paint(painter, emblemRect.toAlignedRect(), Qt::AlignCenter, mode, state);
    }

    const QString text = badgeText(m_count);
    if (!text.isEmpty()) {
        const QPalette palette = QGuiApplication::palette();
        const qreal h = side * 9 / 16;
        QFont font = QGuiApplication::font();
        font.setBold(true);
        // As large as the badge allows, but never wider than the icon: long counts get a
        // smaller font; where even that does not fit, the badge is a plain dot.
        int pixelSize = qMax(1, int(h * 0.75));
        qreal w = 0;
        for (; pixelSize >= 5; --pixelSize) {
            font.setPixelSize(pixelSize);
            w = qMax(h, QFontMetricsF(font).horizontalAdvance(text) + h * 0.4);
            if (w <= side)
                break;
        }
        const bool dot = pixelSize < 5;
        if (dot)
            w = h;
        const QRectF badge(square.right() - w, square.top(), w, h);
        QPainterPath path;
        path.addRoundedRect(badge, h / 2, h / 2);
        painter->fillPath(path, palette.color(QPalette::Active, QPalette::Highlight));
        if (!dot) {
            painter->setPen(palette.color(QPalette::Active, QPalette::HighlightedText));
            painter->setFont(font);
            painter->drawText(badge, Qt::AlignCenter, text);
        }
    }
    painter->restore();
}

QPixmap BadgeIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    return scaledPixmap(size, mode, state, 1);
}

QPixmap BadgeIconEngine::scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                                      qreal)
{
    QPixmap pm(size);
    pm.fill(Qt::transparent);
    if (size.isEmpty())
        return pm;
    QPainter painter(&pm);
    paint(&painter, QRect(QPoint(0, 0), size), mode, state);
    return pm;
}

QSize BadgeIconEngine::actualSize(const QSize &size, QIcon::Mode, QIcon::State)
{
    return size;
}

QList<QSize> BadgeIconEngine::availableSizes(QIcon::Mode, QIcon::State)
{
    return {QSize(16, 16), QSize(22, 22), QSize(24, 24),  QSize(32, 32),
            QSize(48, 48), QSize(64, 64), QSize(128, 128)};
}

QString BadgeIconEngine::key() const
{
    return u"natter-badge"_s;
}

QIconEngine *BadgeIconEngine::clone() const
{
    return new BadgeIconEngine(*this);
}

} // namespace natter
