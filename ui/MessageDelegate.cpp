// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageDelegate.h"

#include "models/ConversationModel.h"
#include "services/ChatMessage.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QTextLayout>
#include <QTimeZone>
#include <QToolTip>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace natter {

namespace {

using State = ChatMessage::State;
using Kind = ChatMessage::Kind;

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

qreal luminance(const QColor &c)
{
    const auto channel = [](qreal v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

qreal contrast(const QColor &a, const QColor &b)
{
    qreal la = luminance(a);
    qreal lb = luminance(b);
    if (la < lb)
        std::swap(la, lb);
    return (la + 0.05) / (lb + 0.05);
}

// fg, made lighter or darker until it reads on bg (WCAG AA for normal text, 4.5:1).
QColor readableOn(QColor fg, const QColor &bg)
{
    const bool darkBackground = luminance(bg) < 0.18;
    for (int i = 0; i < 24 && contrast(fg, bg) < 4.5; ++i)
        fg = darkBackground ? fg.lighter(115) : fg.darker(115);
    return fg;
}

// Local time through the system's QTimeZone, looked up again once a minute (the user may move):
// QDateTime::toLocalTime() asks the C library, whose tzset() reads /etc/localtime again on every
// call when TZ is unset — several times per row and layout, most of the cost of a message burst.
QDateTime localTime(const QModelIndex &index)
{
    static QTimeZone zone;
    static QElapsedTimer age;
    if (!age.isValid() || age.hasExpired(60'000)) {
        zone = QTimeZone::systemTimeZone();
        age.start();
    }
    const QDateTime utc = index.data(ConversationModel::TimestampRole).toDateTime();
    return zone.isValid() ? utc.toTimeZone(zone) : utc.toLocalTime();
}

bool isSpecial(const QModelIndex &index)
{
    const auto kind = Kind(index.data(ConversationModel::KindRole).toInt());
    return kind == Kind::Headline || kind == Kind::Error ||
           !index.data(ConversationModel::SubjectRole).toString().isEmpty();
}

// CR LF → LF, then LF → U+2028, which QTextLayout breaks lines on. The length stays that of the
// normalised text, so link positions found in it stay valid.
QString normalizedText(QString text)
{
    text.replace(u"\r\n"_s, u"\n"_s);
    text.replace(u'\r', u'\n');
    return text;
}

int layoutHeight(const std::shared_ptr<QTextLayout> &layout)
{
    return layout ? int(std::ceil(layout->boundingRect().height())) : 0;
}

void drawStateGlyph(QPainter *painter, const QRectF &r, State state, const QColor &color,
                    const QColor &background)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal stroke = qMax<qreal>(1.0, r.height() / 9);
    switch (state) {
    case State::Queued:
    case State::Pending: { // a clock
        const qreal s = r.height();
        const QRectF sq(r.right() - s, r.top(), s, s);
        painter->setPen(QPen(color, stroke, Qt::SolidLine, Qt::RoundCap));
        painter->setBrush(Qt::NoBrush);
        const QRectF circle = sq.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2);
        painter->drawEllipse(circle);
        const QPointF c = circle.center();
        painter->drawLine(c, QPointF(c.x(), circle.top() + s * 0.22));
        painter->drawLine(c, QPointF(circle.right() - s * 0.27, c.y()));
        break;
    }
    case State::Sent:      // one tick
    case State::Delivered: // two ticks
    case State::Read: {    // two ticks in the accent colour
        const qreal s = r.height();
        painter->setPen(QPen(color, stroke * 1.3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        const auto tick = [&](qreal left, bool whole) {
            QPainterPath path;
            if (whole) {
                path.moveTo(left + s * 0.12, r.top() + s * 0.55);
                path.lineTo(left + s * 0.40, r.top() + s * 0.82);
            } else {
                path.moveTo(left + s * 0.40, r.top() + s * 0.82); // hidden behind the first
            }
            path.lineTo(left + s * 0.90, r.top() + s * 0.22);
            painter->drawPath(path);
        };
        if (state == State::Sent) {
            tick(r.right() - s, true);
        } else {
            tick(r.right() - s * 1.45, true);
            tick(r.right() - s, false);
        }
        break;
    }
    case State::Failed: { // "!" in a red disc
        const qreal s = r.height();
        const QRectF sq(r.right() - s, r.top(), s, s);
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawEllipse(sq);
        painter->setBrush(background);
        const qreal w = s * 0.14;
        painter->drawRoundedRect(QRectF(sq.center().x() - w / 2, sq.top() + s * 0.18, w, s * 0.42),
                                 w / 2, w / 2);
        painter->drawEllipse(
            QRectF(sq.center().x() - w * 0.6, sq.top() + s * 0.68, w * 1.2, w * 1.2));
        break;
    }
    case State::Received:
        break;
    }
    painter->restore();
}

} // namespace

struct MessageDelegate::Row
{
    int height = 0;
    QRect band; // the row below the day separator (background, selection)
    QRect day;
    QString dayText;
    QRect header;
    QString sender;
    QString time;
    QRect frame;
    QPoint subjectPos;
    std::shared_ptr<QTextLayout> subject;
    QPoint bodyPos;
    std::shared_ptr<QTextLayout> body;
    bool bodyDimmed = false;   // "This message was deleted"
    qsizetype editedFrom = -1; // where "(edited)" starts in the body's layout
    QPoint errorPos;
    std::shared_ptr<QTextLayout> error;
    QPoint quotePos;
    std::shared_ptr<QTextLayout> quote; // the text of an error row, dimmed
    QRect state;
};

struct MessageDelegate::Metrics
{
    QFont font;
    QFont bold;
    int margin = 0;     // left and right of the row
    int gap = 0;        // between the parts of a row
    int groupGap = 0;   // above a group's header
    int glyph = 0;      // the delivery state mark (its height; one tick)
    int stateWidth = 0; // room for the mark: two ticks side by side
    int framePad = 0;   // inside a headline frame
    int lineHeight = 0;
    int boldHeight = 0;
    int textWidth = 0;
    int width = 0;
};

const MessageDelegate::Metrics &
MessageDelegate::metricsFor(const QStyleOptionViewItem &option) const
{
    const QStyle *style = option.widget ? option.widget->style() : QApplication::style();
    const auto *view = qobject_cast<const QAbstractItemView *>(option.widget);
    const int width = view ? view->viewport()->width() : option.rect.width();
    if (m_metrics && style == m_metricsStyle && option.widget == m_metricsWidget &&
        width == m_metrics->width && option.font == m_metrics->font)
        return *m_metrics;

    Metrics m;
    m.font = option.font;
    m.bold = option.font;
    m.bold.setBold(true);
    const QFontMetrics fm(m.font);
    m.margin = style->pixelMetric(QStyle::PM_LayoutLeftMargin, nullptr, option.widget);
    if (m.margin <= 0)
        m.margin = fm.averageCharWidth();
    m.gap = qMax(1, fm.lineSpacing() / 8);
    m.groupGap = qMax(m.gap, fm.lineSpacing() / 2);
    m.glyph = qMax(8, fm.ascent());
    m.stateWidth = m.glyph + m.glyph / 2;
    m.framePad = qMax(2 * m.gap, fm.averageCharWidth());
    m.lineHeight = fm.height();
    m.boldHeight = QFontMetrics(m.bold).height();
    m.width = width;
    m.textWidth = qMax(fm.averageCharWidth() * 4, m.width - 3 * m.margin - m.stateWidth);
    m_metrics = std::make_unique<Metrics>(std::move(m));
    m_metricsStyle = style;
    m_metricsWidget = option.widget;
    return *m_metrics;
}

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

MessageDelegate::~MessageDelegate() = default;

QDate MessageDelegate::today() const
{
    if (m_today.isValid())
        return m_today;
    // QDate::currentDate() converts the clock to local time for every row of a layout: kept
    // until the next midnight, and for a minute at most (the clock or the zone may change).
    if (!m_currentDayAge.isValid() || m_currentDayAge.hasExpired(m_currentDayValidMs)) {
        const QDateTime now = QDateTime::currentDateTime();
        m_currentDay = now.date();
        m_currentDayValidMs =
            std::clamp<qint64>(now.msecsTo(m_currentDay.addDays(1).startOfDay()), 0, 60'000);
        m_currentDayAge.start();
    }
    return m_currentDay;
}

QList<MessageDelegate::Link> MessageDelegate::findLinks(const QString &text)
{
    static const QRegularExpression candidate(QStringLiteral(R"((?:https?://|xmpp:)[^\s<>"]+)"),
                                              QRegularExpression::CaseInsensitiveOption);
    static const QString trailing = QStringLiteral(".,;:!?'\"«»“”‘’…");
    QList<Link> links;
    for (auto it = candidate.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const qsizetype start = match.capturedStart();
        if (start > 0 && (text.at(start - 1).isLetterOrNumber() || text.at(start - 1) == u'/'))
            continue; // inside a word: "foohttp://…"
        QString s = match.captured();
        // Leave out sentence punctuation, and closing brackets that open before the link.
        while (!s.isEmpty()) {
            const QChar last = s.back();
            if (trailing.contains(last)) {
                s.chop(1);
                continue;
            }
            const auto unbalanced = [&](QChar open, QChar close) {
                return last == close && s.count(open) < s.count(close);
            };
            if (unbalanced(u'(', u')') || unbalanced(u'[', u']') || unbalanced(u'{', u'}')) {
                s.chop(1);
                continue;
            }
            break;
        }
        const QUrl url(s, QUrl::StrictMode);
        if (!url.isValid())
            continue;
        const QString scheme = url.scheme().toLower();
        if ((scheme == u"http" || scheme == u"https") && url.host().isEmpty())
            continue;
        if (scheme == u"xmpp" && url.path().isEmpty())
            continue;
        links.append({start, s.size(), url});
    }
    return links;
}

QColor MessageDelegate::errorColor(const QPalette &palette)
{
    const QColor base = palette.color(QPalette::Base);
    const QColor red = luminance(base) < 0.18 ? QColor(0xff, 0x7b, 0x72) : QColor(0xc0, 0x1c, 0x28);
    return readableOn(red, base);
}

QString MessageDelegate::stateText(int state, const QString &error)
{
    switch (State(state)) {
    case State::Queued:
        return tr("Waiting: you are offline. It will be sent when you are online again.");
    case State::Pending:
        return tr("Sending: the server has not confirmed it yet.");
    case State::Sent:
        return tr("Sent: the server has it.");
    case State::Delivered:
        return tr("Delivered: it reached their device.");
    case State::Read:
        return tr("Read: they have seen it.");
    case State::Failed:
        return error.isEmpty() ? tr("Not delivered.") : tr("Not delivered: %1").arg(error);
    case State::Received:
        break;
    }
    return {};
}

QString MessageDelegate::deletedText()
{
    return tr("This message was deleted");
}

QString MessageDelegate::editedLabel()
{
    return tr("(edited)");
}

QString MessageDelegate::editTip(const QStringList &previousBodies, const QDateTime &editedAt)
{
    if (previousBodies.isEmpty())
        return {};
    // Texts come from the network and may be long: each shown in part.
    constexpr int MaxChars = 200;
    QString tip = editedAt.isValid()
                      ? tr("Edited at %1. Before:")
                            .arg(QLocale().toString(editedAt.toLocalTime(), QLocale::ShortFormat))
                      : tr("Edited. Before:");
    for (const QString &body : previousBodies) {
        QString shown = body.simplified();
        if (shown.size() > MaxChars)
            shown = shown.left(MaxChars - 1) + u'…';
        tip += u'\n' + tr("“%1”").arg(shown);
    }
    return tip;
}

QString MessageDelegate::timeLabel(const QTime &time)
{
    // Some locales' short format has seconds ("HH:mm:ss" in C); a chat does not need them.
    // Worked out once per locale: a layout asks for many rows.
    static QLocale locale(QLocale::c());
    static QString format;
    const QLocale current;
    if (format.isEmpty() || current != locale) {
        static const QRegularExpression seconds(QStringLiteral("[:.]?s+"));
        locale = current;
        format = current.timeFormat(QLocale::ShortFormat).remove(seconds).trimmed();
    }
    return current.toString(time, format);
}

QString MessageDelegate::dayLabel(const QDate &date, const QDate &today)
{
    if (date == today)
        return tr("Today");
    if (date == today.addDays(-1))
        return tr("Yesterday");
    return QLocale().toString(date, QLocale::LongFormat);
}

bool MessageDelegate::startsDay(const QModelIndex &index)
{
    if (index.row() == 0)
        return true;
    const QModelIndex previous = index.sibling(index.row() - 1, 0);
    return localTime(previous).date() != localTime(index).date();
}

bool MessageDelegate::startsGroup(const QModelIndex &index)
{
    if (startsDay(index))
        return true;
    const QModelIndex previous = index.sibling(index.row() - 1, 0);
    if (isSpecial(index) || isSpecial(previous))
        return true;
    const int direction = index.data(ConversationModel::DirectionRole).toInt();
    if (direction != previous.data(ConversationModel::DirectionRole).toInt())
        return true;
    if (direction == int(ChatMessage::Direction::Incoming)) {
        const Jid a = Jid::fromString(index.data(ConversationModel::FromRole).toString());
        const Jid b = Jid::fromString(previous.data(ConversationModel::FromRole).toString());
        if (!a.bareEquals(b))
            return true;
    }
    return localTime(previous).secsTo(localTime(index)) > GroupMinutes * 60;
}

std::shared_ptr<QTextLayout> MessageDelegate::textLayout(const QString &text, const QFont &font,
                                                         int width, bool links) const
{
    if (m_fontKey.isEmpty() || font != m_keyedFont) { // QFont::key() builds a string
        m_keyedFont = font;
        m_fontKey = font.key();
    }
    const QString key =
        QString::number(width) + u'|' + m_fontKey + (links ? u"|L|"_s : u"|-|"_s) + text;
    if (std::shared_ptr<QTextLayout> *cached = m_layouts.object(key))
        return *cached;

    QString shown = text;
    shown.replace(u'\n', QChar::LineSeparator);
    auto layout = std::make_shared<QTextLayout>(shown, font);
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    const bool rtl = text.isRightToLeft();
    option.setTextDirection(rtl ? Qt::RightToLeft : Qt::LeftToRight);
    option.setAlignment(Qt::AlignAbsolute | (rtl ? Qt::AlignRight : Qt::AlignLeft));
    layout->setTextOption(option);
    if (links) {
        QList<QTextLayout::FormatRange> formats;
        for (const Link &link : findLinks(text)) {
            QTextLayout::FormatRange range;
            range.start = int(link.start);
            range.length = int(link.length);
            range.format.setFontUnderline(true);
            formats.append(range);
        }
        layout->setFormats(formats);
    }
    layout->setCacheEnabled(true);
    layout->beginLayout();
    qreal y = 0;
    for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout->endLayout();
    m_layouts.insert(key, new std::shared_ptr<QTextLayout>(layout));
    return layout;
}

MessageDelegate::Row MessageDelegate::layoutRow(const QStyleOptionViewItem &option,
                                                const QModelIndex &index) const
{
    const Metrics m = metricsFor(option);
    const auto kind = Kind(index.data(ConversationModel::KindRole).toInt());
    const auto state = State(index.data(ConversationModel::StateRole).toInt());
    const bool outgoing = index.data(ConversationModel::DirectionRole).toInt() ==
                          int(ChatMessage::Direction::Outgoing);
    const QString body = normalizedText(index.data(ConversationModel::BodyRole).toString());
    const QString subject = normalizedText(index.data(ConversationModel::SubjectRole).toString());
    const QString errorText = index.data(ConversationModel::ErrorRole).toString();

    Row row;
    int y = 0;
    if (startsDay(index)) {
        row.day = QRect(0, 0, m.width, m.lineHeight + 2 * m.groupGap);
        row.dayText = dayLabel(localTime(index).date(), today());
        y = row.day.bottom() + 1;
    }
    const int bandTop = y;
    if (startsGroup(index)) {
        y += row.day.isNull() ? m.groupGap : m.gap;
        row.header = QRect(m.margin, y, m.textWidth + m.margin + m.glyph, m.boldHeight);
        row.sender = index.data(ConversationModel::SenderRole).toString();
        row.time = timeLabel(localTime(index).time());
        if (kind == Kind::Headline)
            row.time = tr("%1 · headline").arg(row.time);
        y = row.header.bottom() + 1 + m.gap;
    } else {
        y += m.gap;
    }

    if (kind == Kind::Headline || !subject.isEmpty()) {
        const int top = y;
        const int inner = qMax(m.glyph, m.textWidth - 2 * m.framePad);
        y += m.framePad;
        if (!subject.isEmpty()) {
            row.subject = textLayout(subject, m.bold, inner, true);
            row.subjectPos = QPoint(m.margin + m.framePad, y);
            y += layoutHeight(row.subject);
            if (!body.isEmpty())
                y += m.gap;
        }
        if (!body.isEmpty()) {
            row.body = textLayout(body, m.font, inner, true);
            row.bodyPos = QPoint(m.margin + m.framePad, y);
            y += layoutHeight(row.body);
        }
        y += m.framePad;
        row.frame = QRect(m.margin, top, m.textWidth, y - top);
    } else if (kind == Kind::Error) {
        const QString text = errorText.isEmpty() ? tr("Error") : tr("Error: %1").arg(errorText);
        row.error = textLayout(text, m.font, m.textWidth, false);
        row.errorPos = QPoint(m.margin, y);
        y += layoutHeight(row.error);
        if (!body.isEmpty()) {
            y += m.gap;
            row.quote = textLayout(tr("“%1”").arg(body), m.font, m.textWidth, false);
            row.quotePos = QPoint(m.margin, y);
            y += layoutHeight(row.quote);
        }
    } else if (index.data(ConversationModel::RetractedRole).toBool()) {
        QFont italic = m.font;
        italic.setItalic(true);
        row.body = textLayout(deletedText(), italic, m.textWidth, false);
        row.bodyPos = QPoint(m.margin, y);
        row.bodyDimmed = true;
        y += qMax(m.lineHeight, layoutHeight(row.body));
    } else {
        QString shown = body;
        if (index.data(ConversationModel::EditedRole).toBool()) {
            // "(edited)" after the text, dimmed when drawn.
            row.editedFrom = shown.size() + 1;
            shown += u' ' + editedLabel();
        }
        row.body = textLayout(shown, m.font, m.textWidth, true);
        row.bodyPos = QPoint(m.margin, y);
        if (outgoing) {
            row.state = QRect(m.width - m.margin - m.stateWidth, y + (m.lineHeight - m.glyph) / 2,
                              m.stateWidth, m.glyph);
        }
        y += qMax(m.lineHeight, layoutHeight(row.body));
        if (outgoing && state == State::Failed) {
            y += m.gap;
            row.error = textLayout(stateText(int(state), errorText), m.font, m.textWidth, false);
            row.errorPos = QPoint(m.margin, y);
            y += layoutHeight(row.error);
        }
    }
    y += m.gap;
    row.height = y;
    row.band = QRect(0, bandTop, m.width, y - bandTop);
    return row;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const auto *view = qobject_cast<const QAbstractItemView *>(option.widget);
    const int width = view ? view->viewport()->width() : option.rect.width();
    HeightKey key;
    key.revision = index.data(ConversationModel::RevisionRole).toULongLong();
    if (key.revision != 0) {
        const QStyle *style = option.widget ? option.widget->style() : QApplication::style();
        if (style != m_heightsStyle || option.font != m_heightsFont) {
            m_heights.clear();
            m_heightsStyle = style;
            m_heightsFont = option.font;
        }
        key.width = width;
        if (index.row() > 0) {
            key.previousRevision = index.sibling(index.row() - 1, 0)
                                       .data(ConversationModel::RevisionRole)
                                       .toULongLong();
        }
        if (const auto cached = m_heights.constFind(key); cached != m_heights.cend())
            return {width, *cached};
    }
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const Row row = layoutRow(opt, index);
    if (key.revision != 0) {
        if (m_heights.size() >= MaxCachedHeights)
            m_heights.clear();
        m_heights.insert(key, row.height);
    }
    return {width, row.height};
}

void MessageDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const Row row = layoutRow(opt, index);
    const Metrics m = metricsFor(opt);
    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;
    const QPalette &palette = opt.palette;
    const QColor base = palette.color(group, QPalette::Base);
    const bool selected = opt.state & QStyle::State_Selected;
    const QColor background = selected ? palette.color(group, QPalette::Highlight) : base;
    const QColor text = palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QColor dim = selected ? text : readableOn(mix(text, base, 0.4), base);
    const QColor faint = mix(palette.color(group, QPalette::Text), base, 0.75);
    const QColor link = selected ? text : readableOn(palette.color(group, QPalette::Link), base);
    const QColor red = selected ? text : errorColor(palette);
    const auto state = State(index.data(ConversationModel::StateRole).toInt());
    const bool outgoing = index.data(ConversationModel::DirectionRole).toInt() ==
                          int(ChatMessage::Direction::Outgoing);

    painter->save();
    painter->translate(opt.rect.topLeft());
    painter->setClipRect(QRect(0, 0, opt.rect.width(), opt.rect.height()));

    if (!row.day.isNull()) {
        const QFontMetrics fm(m.font);
        const int labelWidth = fm.horizontalAdvance(row.dayText);
        const int cy = row.day.center().y();
        const int gap = fm.averageCharWidth();
        QRect label(0, row.day.top(), labelWidth, row.day.height());
        label.moveCenter(row.day.center());
        painter->setPen(QPen(faint, 1));
        painter->drawLine(m.margin, cy, label.left() - gap, cy);
        painter->drawLine(label.right() + gap, cy, m.width - m.margin, cy);
        painter->setFont(m.font);
        // Outside the selection band: never in the selection colours.
        painter->setPen(readableOn(mix(palette.color(group, QPalette::Text), base, 0.4), base));
        painter->drawText(label, Qt::AlignCenter, row.dayText);
    }

    if (selected)
        painter->fillRect(row.band, background);
    else if (m_highlighted.isValid() && m_highlighted == index)
        painter->fillRect(row.band, mix(base, palette.color(group, QPalette::Highlight), 0.25));
    else if (opt.state & QStyle::State_MouseOver)
        painter->fillRect(row.band, mix(base, palette.color(group, QPalette::Text), 0.05));

    if (!row.header.isNull()) {
        const QFontMetrics boldMetrics(m.bold);
        const QFontMetrics fm(m.font);
        const int spacing = fm.averageCharWidth();
        const int timeWidth = fm.horizontalAdvance(row.time);
        const QString sender = boldMetrics.elidedText(
            row.sender, Qt::ElideRight, qMax(0, row.header.width() - timeWidth - spacing));
        QColor name = outgoing ? text : palette.color(group, QPalette::Highlight);
        if (!selected)
            name = readableOn(name, base);
        else
            name = text;
        painter->setFont(m.bold);
        painter->setPen(name);
        const int senderWidth = boldMetrics.horizontalAdvance(sender);
        painter->drawText(
            QRect(row.header.left(), row.header.top(), senderWidth, row.header.height()),
            Qt::AlignLeft | Qt::AlignVCenter, sender);
        painter->setFont(m.font);
        painter->setPen(dim);
        painter->drawText(QRect(row.header.left() + senderWidth + spacing, row.header.top(),
                                timeWidth + 1, row.header.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, row.time);
    }

    if (!row.frame.isNull()) {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(
            QPen(selected ? text : mix(palette.color(group, QPalette::Text), base, 0.6), 1));
        painter->setBrush(selected ? QBrush(Qt::NoBrush)
                                   : palette.brush(group, QPalette::AlternateBase));
        const qreal radius = m.framePad / 2.0;
        painter->drawRoundedRect(QRectF(row.frame).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
        painter->restore();
    }

    const auto drawLayout = [&](const std::shared_ptr<QTextLayout> &layout, const QPoint &pos,
                                const QColor &color, bool withLinks) {
        if (!layout)
            return;
        QList<QTextLayout::FormatRange> overlays;
        if (withLinks) {
            for (const QTextLayout::FormatRange &range : layout->formats()) {
                QTextLayout::FormatRange overlay = range;
                overlay.format.setForeground(link);
                overlays.append(overlay);
            }
        }
        painter->setPen(color);
        layout->draw(painter, pos, overlays);
    };
    drawLayout(row.subject, row.subjectPos, text, true);
    if (row.editedFrom >= 0 && row.body) {
        QList<QTextLayout::FormatRange> overlays;
        for (const QTextLayout::FormatRange &range : row.body->formats()) {
            QTextLayout::FormatRange overlay = range;
            overlay.format.setForeground(link);
            overlays.append(overlay);
        }
        QTextLayout::FormatRange edited;
        edited.start = int(row.editedFrom);
        edited.length = int(row.body->text().size() - row.editedFrom);
        edited.format.setForeground(dim);
        overlays.append(edited);
        painter->setPen(text);
        row.body->draw(painter, row.bodyPos, overlays);
    } else {
        drawLayout(row.body, row.bodyPos, row.bodyDimmed ? dim : text, !row.bodyDimmed);
    }
    drawLayout(row.error, row.errorPos, red, false);
    drawLayout(row.quote, row.quotePos, dim, false);

    if (!row.state.isNull()) {
        const QColor color = state == State::Failed ? red : state == State::Read ? link : dim;
        drawStateGlyph(painter, row.state, state, color, background);
    }

    if (opt.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.initFrom(opt.widget);
        focus.rect = row.band;
        focus.state |= QStyle::State_KeyboardFocusChange;
        focus.backgroundColor = background;
        const QStyle *style = opt.widget ? opt.widget->style() : QApplication::style();
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, opt.widget);
    }
    painter->restore();
}

QRect MessageDelegate::stateRect(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const Row row = layoutRow(opt, index);
    return row.state.isNull() ? QRect() : row.state.translated(option.rect.topLeft());
}

QUrl MessageDelegate::linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                             const QPoint &pos) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const Row row = layoutRow(opt, index);
    const QPoint local = pos - option.rect.topLeft();
    const auto hit = [&](const std::shared_ptr<QTextLayout> &layout, const QPoint &origin,
                         const QString &text) -> QUrl {
        if (!layout)
            return {};
        const QPointF p = local - origin;
        for (int i = 0; i < layout->lineCount(); ++i) {
            const QTextLine line = layout->lineAt(i);
            if (p.y() < line.y() || p.y() >= line.y() + line.height())
                continue;
            if (p.x() < line.x() || p.x() > line.x() + line.naturalTextWidth())
                return {};
            const int cursor = line.xToCursor(p.x(), QTextLine::CursorOnCharacter);
            for (const Link &link : findLinks(text)) {
                if (cursor >= link.start && cursor < link.start + link.length)
                    return link.url;
            }
            return {};
        }
        return {};
    };
    QUrl url = hit(row.body, row.bodyPos,
                   normalizedText(index.data(ConversationModel::BodyRole).toString()));
    if (url.isEmpty()) {
        url = hit(row.subject, row.subjectPos,
                  normalizedText(index.data(ConversationModel::SubjectRole).toString()));
    }
    return url;
}

QString MessageDelegate::toolTipAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                                   const QPoint &pos) const
{
    const QRect state = stateRect(option, index);
    if (!state.isNull() && state.adjusted(-2, -2, 2, 2).contains(pos)) {
        return stateText(index.data(ConversationModel::StateRole).toInt(),
                         index.data(ConversationModel::ErrorRole).toString());
    }
    const QUrl url = linkAt(option, index, pos);
    if (!url.isEmpty())
        return url.toDisplayString();
    const QDateTime time = localTime(index);
    QString tip = QLocale().toString(time, QLocale::LongFormat);
    const QString from = index.data(ConversationModel::FromRole).toString();
    if (index.data(ConversationModel::DirectionRole).toInt() ==
            int(ChatMessage::Direction::Incoming) &&
        !from.isEmpty())
        tip = tr("%1\nfrom %2").arg(tip, from);
    const QString edits = editTip(index.data(ConversationModel::PreviousBodiesRole).toStringList(),
                                  index.data(ConversationModel::EditedAtRole).toDateTime());
    if (!edits.isEmpty())
        tip += u'\n' + edits;
    return tip;
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
                                const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid())
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    const QString tip = toolTipAt(option, index, event->pos());
    if (tip.isEmpty()) {
        QToolTip::hideText();
    } else {
        // Error texts and addresses come from the network: escaped, never taken as markup.
        QString html = tip.toHtmlEscaped();
        html.replace(u'\n', u"<br/>"_s);
        QToolTip::showText(event->globalPos(), u"<qt>"_s + html + u"</qt>"_s, view->viewport(),
                           option.rect);
    }
    return true;
}

} // namespace natter
