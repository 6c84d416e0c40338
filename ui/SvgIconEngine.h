// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QIconEngine>
#include <QString>

namespace natter {

// Renders one SVG on demand at exactly the size and device pixel ratio asked for, so icons stay
// sharp on any screen. A symbolic icon (SVG drawn in "currentColor") is recoloured at render time
// from the application palette: WindowText, HighlightedText for selected items, the disabled
// group's WindowText when disabled. It therefore follows palette changes (light/dark) without
// being recreated. Full-colour icons keep their colours and are greyed out when disabled.
class SvgIconEngine : public QIconEngine
{
public:
    enum class Kind
    {
        FullColour,
        Symbolic
    };

    // resourcePath: e.g. ":/icons/send-symbolic.svg". A missing file gives a null engine.
    SvgIconEngine(const QString &resourcePath, Kind kind);

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override;
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state,
                         qreal scale) override;
    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override;
    QList<QSize> availableSizes(QIcon::Mode mode, QIcon::State state) override;
    QString key() const override;
    QString iconName() override;
    bool isNull() override;
    QIconEngine *clone() const override;

    // The SVG source as it would be rendered in this mode (symbolic: currentColor replaced).
    QByteArray renderedSource(QIcon::Mode mode) const;

private:
    QString m_path;
    QByteArray m_source;
    Kind m_kind;
};

} // namespace natter
