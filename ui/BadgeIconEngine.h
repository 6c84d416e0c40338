// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>
#include <QIconEngine>

namespace natter {

// An icon drawn from others at paint time, for the tray: a base icon (dimmed when asked), an
// emblem in the lower right corner (the presence) and a count badge in the upper right corner
// (unread messages; "99+" above 99) in the palette's highlight colours. Sharp at any size and
// device pixel ratio because the parts are SVG icons rendered on demand.
class BadgeIconEngine : public QIconEngine
{
public:
    BadgeIconEngine(const QIcon &base, const QIcon &emblem, int count, bool dimmed);

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override;
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QList<QSize> availableSizes(QIcon::Mode mode, QIcon::State state) override;
    QString key() const override;
    QIconEngine *clone() const override;

    // The badge text for a count: "" for none, "1" … "99", "99+".
    static QString badgeText(int count);

private:
    QIcon m_base;
    QIcon m_emblem;
    int m_count;
    bool m_dimmed;
};

} // namespace natter
