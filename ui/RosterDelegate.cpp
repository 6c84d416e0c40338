// SPDX-License-Identifier: GPL-3.0-or-later
#include "RosterDelegate.h"

#include "Icons.h"
#include "models/RosterModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace natter {

namespace {

using Availability = RosterModel::Availability;

QStyle *styleOf(const QStyleOptionViewItem &option)
{
    return option.widget ? option.widget->style() : QApplication::style();
}

// Space around and between the parts of a row, from the font so that it scales.
int spacing(const QStyleOptionViewItem &option)
{
    return std::max(2, option.fontMetrics.height() / 4);
}

int iconExtent(const QStyleOptionViewItem &option)
{
    return styleOf(option)->pixelMetric(QStyle::PM_SmallIconSize, nullptr, option.widget);
}

QPalette::ColorGroup colorGroup(const QStyleOptionViewItem &option)
{
    if (!(option.state & QStyle::State_Enabled))
        return QPalette::Disabled;
    return (option.state & QStyle::State_Active) ? QPalette::Active : QPalette::Inactive;
}

bool isSelected(const QStyleOptionViewItem &option)
{
    return option.state & QStyle::State_Selected;
}

QColor textColor(const QStyleOptionViewItem &option)
{
    return option.palette.color(colorGroup(option),
                                isSelected(option) ? QPalette::HighlightedText : QPalette::Text);
}

// Secondary text: status messages, counts.
QColor mutedColor(const QStyleOptionViewItem &option)
{
    if (isSelected(option)) {
        QColor color = option.palette.color(colorGroup(option), QPalette::HighlightedText);
        color.setAlphaF(0.75f);
        return color;
    }
    return option.palette.color(colorGroup(option), QPalette::PlaceholderText);
}

QColor greyedColor(const QStyleOptionViewItem &option)
{
    if (isSelected(option))
        return mutedColor(option);
    return option.palette.color(QPalette::Disabled, QPalette::Text);
}

QString subscriptionText(const QString &subscription, bool pending)
{
    QString text;
    if (subscription == u"both")
        text = RosterDelegate::tr("You see each other’s presence.");
    else if (subscription == u"to")
        text = RosterDelegate::tr("You see their presence; they do not see yours.");
    else if (subscription == u"from")
        text = RosterDelegate::tr("They see your presence; you do not see theirs.");
    else
        text = RosterDelegate::tr("Neither of you sees the other’s presence.");
    if (pending)
        text += u' ' + RosterDelegate::tr("Your request to see their presence awaits an answer.");
    return text;
}

} // namespace

RosterDelegate::RosterDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void RosterDelegate::setGreyedOut(bool greyed)
{
    m_greyedOut = greyed;
}

QString RosterDelegate::badgeText(int unread)
{
    return unread > 99 ? tr("99+") : QString::number(unread);
}

QSize RosterDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const int space = spacing(opt);
    const int height = std::max(opt.fontMetrics.height(), iconExtent(opt)) + 2 * space;
    const int width =
        iconExtent(opt) + 3 * space +
        opt.fontMetrics.horizontalAdvance(index.data(RosterModel::NameRole).toString());
    return {width, height};
}

void RosterDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    // The style draws the background, selection and focus; the rest is ours.
    opt.text.clear();
    opt.icon = QIcon();
    opt.features &= ~QStyleOptionViewItem::HasDecoration;
    styleOf(opt)->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);

    painter->save();
    if (index.data(RosterModel::KindRole).toInt() == int(RosterModel::RowKind::Group))
        paintGroup(painter, opt, index);
    else
        paintContact(painter, opt, index);
    painter->restore();
}

int RosterDelegate::paintBadge(QPainter *painter, const QStyleOptionViewItem &option,
                               const QRect &rect, int unread) const
{
    if (unread <= 0)
        return 0;
    QFont font = option.font;
    font.setBold(true);
    const QFontMetrics metrics(font);
    const QString text = badgeText(unread);
    const int height = metrics.height();
    const int width = std::max(height, metrics.horizontalAdvance(text) + height / 2 + 2);
    const QRect pill(rect.right() - width + 1, rect.top() + (rect.height() - height) / 2, width,
                     height);
    const QPalette::ColorGroup group = colorGroup(option);
    // Inverted on a selected row, so that it stays visible on the highlight.
    const QColor fill = option.palette.color(group, isSelected(option) ? QPalette::HighlightedText
                                                                       : QPalette::Highlight);
    const QColor ink = option.palette.color(group, isSelected(option) ? QPalette::Highlight
                                                                      : QPalette::HighlightedText);
    painter->setRenderHint(QPainter::Antialiasing);
    QPainterPath path;
    path.addRoundedRect(QRectF(pill), height / 2.0, height / 2.0);
    painter->fillPath(path, fill);
    painter->setFont(font);
    painter->setPen(ink);
    painter->drawText(pill, Qt::AlignCenter, text);
    return width + spacing(option);
}

void RosterDelegate::paintContact(QPainter *painter, const QStyleOptionViewItem &option,
                                  const QModelIndex &index) const
{
    const int space = spacing(option);
    const QRect area = option.rect.adjusted(space, 0, -space, 0);
    const auto availability = Availability(index.data(RosterModel::AvailabilityRole).toInt());
    const bool offline = availability == Availability::Offline;
    const bool greyed = m_greyedOut || offline;

    const int extent = iconExtent(option);
    const QRect iconRect(area.left(), area.top() + (area.height() - extent) / 2, extent, extent);
    Icons::presence(int(availability))
        .paint(painter, iconRect, Qt::AlignCenter, m_greyedOut ? QIcon::Disabled : QIcon::Normal);

    QRect textRect = area.adjusted(extent + space, 0, 0, 0);
    const int unread = index.data(RosterModel::UnreadRole).toInt();
    textRect.setRight(textRect.right() - paintBadge(painter, option, textRect, unread));

    QFont nameFont = option.font;
    nameFont.setBold(unread > 0);
    const QFontMetrics nameMetrics(nameFont);
    const QString name = nameMetrics.elidedText(index.data(RosterModel::NameRole).toString(),
                                                Qt::ElideRight, textRect.width());
    painter->setFont(nameFont);
    painter->setPen(greyed ? greyedColor(option) : textColor(option));
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, name);

    QString status = index.data(RosterModel::StatusTextRole).toString().simplified();
    QFont statusFont = option.font;
    if (status.isEmpty() && index.data(RosterModel::PendingRole).toBool()) {
        status = tr("waiting for approval");
        statusFont.setItalic(true);
    }
    const int nameWidth = nameMetrics.horizontalAdvance(name);
    const QRect statusRect = textRect.adjusted(nameWidth + 2 * space, 0, 0, 0);
    const QFontMetrics statusMetrics(statusFont);
    if (status.isEmpty() || statusRect.width() < statusMetrics.averageCharWidth() * 4)
        return;
    painter->setFont(statusFont);
    painter->setPen(mutedColor(option));
    painter->drawText(statusRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine,
                      statusMetrics.elidedText(status, Qt::ElideRight, statusRect.width()));
}

void RosterDelegate::paintGroup(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    const int space = spacing(option);
    QRect textRect = option.rect.adjusted(space, 0, -space, 0);
    textRect.setRight(textRect.right() - paintBadge(painter, option, textRect,
                                                    index.data(RosterModel::UnreadRole).toInt()));

    const QString counts = tr("%1/%2")
                               .arg(index.data(RosterModel::OnlineCountRole).toInt())
                               .arg(index.data(RosterModel::TotalCountRole).toInt());
    const int countsWidth = option.fontMetrics.horizontalAdvance(counts);

    QFont nameFont = option.font;
    nameFont.setBold(true);
    const QFontMetrics nameMetrics(nameFont);
    const QString name =
        nameMetrics.elidedText(index.data(RosterModel::NameRole).toString(), Qt::ElideRight,
                               std::max(0, textRect.width() - countsWidth - 2 * space));
    painter->setFont(nameFont);
    painter->setPen(textColor(option));
    painter->drawText(textRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, name);

    const QRect countsRect =
        textRect.adjusted(nameMetrics.horizontalAdvance(name) + 2 * space, 0, 0, 0);
    painter->setFont(option.font);
    painter->setPen(mutedColor(option));
    painter->drawText(countsRect, Qt::AlignVCenter | Qt::AlignLeft | Qt::TextSingleLine, counts);
}

QString RosterDelegate::toolTip(const QModelIndex &index)
{
    const auto line = [](const QString &text) {
        return u"<p style='white-space:pre-wrap; margin:0'>"_s + text + u"</p>"_s;
    };
    const QString name = index.data(RosterModel::NameRole).toString().toHtmlEscaped();
    const int unread = index.data(RosterModel::UnreadRole).toInt();
    QString html;
    if (index.data(RosterModel::KindRole).toInt() == int(RosterModel::RowKind::Group)) {
        html = line(u"<b>"_s + name + u"</b>"_s);
        html += line(tr("%1 of %2 online")
                         .arg(index.data(RosterModel::OnlineCountRole).toInt())
                         .arg(index.data(RosterModel::TotalCountRole).toInt()));
    } else {
        const QString jid = index.data(RosterModel::JidRole).toString().toHtmlEscaped();
        html = line(u"<b>"_s + name + u"</b>"_s);
        if (name != jid)
            html += line(jid);
        const auto availability = Availability(index.data(RosterModel::AvailabilityRole).toInt());
        const QString status = index.data(RosterModel::StatusTextRole).toString();
        QString presence = RosterModel::availabilityName(availability);
        if (!status.isEmpty())
            presence = tr("%1: “%2”").arg(presence, status.toHtmlEscaped());
        html += line(presence);
        html += line(subscriptionText(index.data(RosterModel::SubscriptionRole).toString(),
                                      index.data(RosterModel::PendingRole).toBool())
                         .toHtmlEscaped());
    }
    if (unread > 0)
        html += line(tr("Unread messages: %n", nullptr, unread));
    return html;
}

bool RosterDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                               const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event && event->type() == QEvent::ToolTip && index.isValid()) {
        QToolTip::showText(event->globalPos(), toolTip(index), view, option.rect);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace natter
