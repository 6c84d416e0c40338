// SPDX-License-Identifier: GPL-3.0-or-later
#include "Delay.h"

#include "xml/Namespaces.h"

#include <QRegularExpression>

namespace natter {

QDateTime Delay::parseDateTime(const QString &text)
{
    // XEP-0082: CCYY-MM-DDThh:mm:ss[.sss]TZD. Checked by pattern first: QDateTime's ISO parser
    // is lenient (it takes dates without a time, spaces, a 24:00 end of day, ...).
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$)"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return {};
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    const QString fraction = m.captured(7);
    const int msecs = fraction.isEmpty()
                          ? 0
                          : QStringView(fraction).left(3).toInt() * (fraction.size() == 1   ? 100
                                                                     : fraction.size() == 2 ? 10
                                                                                            : 1);
    const QTime time(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), msecs);
    if (!date.isValid() || !time.isValid())
        return {};
    int offsetSeconds = 0;
    const QString zone = m.captured(8);
    if (!zone.isEmpty() && zone != u"Z") {
        const int hours = QStringView(zone).mid(1, 2).toInt();
        const int minutes = QStringView(zone).mid(4, 2).toInt();
        if (hours > 23 || minutes > 59)
            return {};
        offsetSeconds = (hours * 3600 + minutes * 60) * (zone.startsWith(u'-') ? -1 : 1);
    }
    return QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds);
}

QString Delay::formatDateTime(const QDateTime &dateTime)
{
    const QDateTime utc = dateTime.toUTC();
    return utc.toString(utc.time().msec() ? QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")
                                          : QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

std::optional<Delay> Delay::fromElement(const XmlElement &delay)
{
    if (!delay.is(ns::Delay, u"delay"))
        return std::nullopt;
    Delay result;
    result.stamp = parseDateTime(delay.attribute(u"stamp"));
    if (!result.stamp.isValid())
        return std::nullopt;
    result.from = Jid::fromString(delay.attribute(u"from"));
    result.reason = delay.text();
    return result;
}

std::optional<Delay> Delay::find(const XmlElement &parent)
{
    return fromElement(parent.firstChild(ns::Delay, u"delay"));
}

XmlElement Delay::toElement() const
{
    XmlElement delay(ns::Delay, QStringLiteral("delay"));
    delay.setAttributeIfNotEmpty(QStringLiteral("from"), from.toString());
    delay.setAttribute(QStringLiteral("stamp"), formatDateTime(stamp));
    if (!reason.isEmpty())
        delay.setText(reason);
    return delay;
}

} // namespace natter
