// SPDX-License-Identifier: GPL-3.0-or-later
#include "SvgIconEngine.h"

#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>
#include <QSvgRenderer>

using namespace Qt::StringLiterals;

namespace natter {

namespace {

QColor symbolicColour(QIcon::Mode mode)
{
    const QPalette palette = QGuiApplication::palette();
    switch (mode) {
    case QIcon::Disabled:
        return palette.color(QPalette::Disabled, QPalette::WindowText);
    case QIcon::Selected:
        return palette.color(QPalette::Active, QPalette::HighlightedText);
    case QIcon::Normal:
    case QIcon::Active:
        break;
    }
    return palette.color(QPalette::Active, QPalette::WindowText);
}

// Greys out a full-colour icon the way disabled icons usually look: desaturated and faded.
void makeDisabled(QImage &image)
{
    for (int y = 0; y < image.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QRgb p = line[x];
            const int grey = qGray(p);
            line[x] = qRgba(grey, grey, grey, qAlpha(p) * 2 / 5);
        }
    }
}

} // namespace

SvgIconEngine::SvgIconEngine(const QString &resourcePath, Kind kind)
    : m_path(resourcePath)
    , m_kind(kind)
{
    QFile file(resourcePath);
    if (file.open(QIODevice::ReadOnly))
        m_source = file.readAll();
}

QByteArray SvgIconEngine::renderedSource(QIcon::Mode mode) const
{
    if (m_kind == Kind::FullColour)
        return m_source;
    QByteArray source = m_source;
    return source.replace("currentColor", symbolicColour(mode).name(QColor::HexRgb).toLatin1());
}

void SvgIconEngine::paint(QPainter *painter, const QRect &rect, QIcon::Mode mode,
                          QIcon::State state)
{
    // A pixmap at the painter's device pixel ratio: the renderer draws straight into device
    // pixels, and disabled full-colour icons need the pixel pass anyway.
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : qreal(1);
    const QPixmap pm = scaledPixmap(rect.size() * dpr, mode, state, dpr);
    painter->drawPixmap(rect, pm);
}

QPixmap SvgIconEngine::pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state)
{
    return scaledPixmap(size, mode, state, 1);
}

QPixmap SvgIconEngine::scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State, qreal scale)
{
    if (m_source.isEmpty() || size.isEmpty())
        return {};
    const QByteArray source = renderedSource(mode);
    const bool disabledColour = m_kind == Kind::FullColour && mode == QIcon::Disabled;
    const QString cacheKey = u"natter-svg:%1:%2x%3:%4:%5"_s.arg(m_path)
                                 .arg(size.width())
                                 .arg(size.height())
                                 .arg(disabledColour ? u"d"_s : QString())
                                 .arg(QString::number(qHash(source), 16));
    QPixmap pm;
    if (QPixmapCache::find(cacheKey, &pm))
        return pm;

    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QSvgRenderer renderer(source);
    if (!renderer.isValid())
        return {};
    {
        QPainter p(&image);
        p.setRenderHint(QPainter::Antialiasing);
        p.setRenderHint(QPainter::SmoothPixmapTransform);
        // Keep the aspect ratio, centred.
        QSizeF target = renderer.defaultSize().scaled(size, Qt::KeepAspectRatio);
        const QRectF bounds((size.width() - target.width()) / 2,
                            (size.height() - target.height()) / 2, target.width(), target.height());
        renderer.render(&p, bounds);
    }
    if (disabledColour) {
        image = image.convertToFormat(QImage::Format_ARGB32);
        makeDisabled(image);
    }
    pm = QPixmap::fromImage(std::move(image));
    Q_UNUSED(scale); // the caller sets the device pixel ratio on the result
    QPixmapCache::insert(cacheKey, pm);
    return pm;
}

QSize SvgIconEngine::actualSize(const QSize &size, QIcon::Mode, QIcon::State)
{
    if (m_source.isEmpty())
        return {};
    return size;
}

QList<QSize> SvgIconEngine::availableSizes(QIcon::Mode, QIcon::State)
{
    // Scalable: any size. Report the common ones for callers that pick from a list.
    if (m_source.isEmpty())
        return {};
    return {QSize(16, 16), QSize(22, 22), QSize(24, 24),   QSize(32, 32),
            QSize(48, 48), QSize(64, 64), QSize(128, 128), QSize(256, 256)};
}

QString SvgIconEngine::key() const
{
    return u"natter-svg"_s;
}

QString SvgIconEngine::iconName()
{
    return QFileInfo(m_path).completeBaseName();
}

bool SvgIconEngine::isNull()
{
    return m_source.isEmpty();
}

QIconEngine *SvgIconEngine::clone() const
{
    return new SvgIconEngine(*this);
}

} // namespace natter
