// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QCache>
#include <QDate>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFont>
#include <QHash>
#include <QPersistentModelIndex>
#include <QStyledItemDelegate>
#include <QUrl>

#include <memory>

class QTextLayout;

namespace natter {

// Paints one message of a ConversationModel in a MessageView: a day separator above the first
// message of a day ("Today", "Yesterday", or the date), the sender and time above the first
// message of a group (same sender within five minutes), the text (plain text, wrapped to the
// view's width, http(s) and xmpp links in the link colour; "(edited)" after a corrected text, its
// earlier texts in the tooltip; "This message was deleted" in italics for a retracted one), the
// delivery state of ours (clock: queued or sending, one tick: sent, two ticks: delivered, two
// ticks in the link colour: read, red "!": not delivered, with the reason in words below), error
// rows in red, and headlines and messages with a subject in a frame. Separators and grouping are
// computed from the neighbouring rows. Heights follow the font; colours the palette (light and
// dark).
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    struct Link
    {
        qsizetype start = 0;
        qsizetype length = 0;
        QUrl url;
        bool operator==(const Link &) const = default;
    };

    static constexpr int GroupMinutes = 5;

    explicit MessageDelegate(QObject *parent = nullptr);
    ~MessageDelegate() override;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

    // The link under pos (view viewport coordinates) in the row drawn in option.rect.
    QUrl linkAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                const QPoint &pos) const;
    // Where the delivery state of our message is drawn (empty for other rows).
    QRect stateRect(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // The tooltip for the row at pos: the link, the delivery state in words, or the full time.
    QString toolTipAt(const QStyleOptionViewItem &option, const QModelIndex &index,
                      const QPoint &pos) const;

    // http://, https:// and xmpp: URIs in text (trailing punctuation left out).
    static QList<Link> findLinks(const QString &text);
    // A red that reads well on the palette's base colour (dark or light).
    static QColor errorColor(const QPalette &palette);
    // The delivery state in words, for tooltips and screen readers.
    static QString stateText(int state, const QString &error);
    // What a retracted message shows, and the mark after a corrected one.
    static QString deletedText();
    static QString editedLabel();
    // The earlier texts of a corrected message for its tooltip (empty when not edited).
    static QString editTip(const QStringList &previousBodies, const QDateTime &editedAt);
    // The time of day in the locale's short format, without seconds.
    static QString timeLabel(const QTime &time);
    // "Today", "Yesterday" or the localized date.
    static QString dayLabel(const QDate &date, const QDate &today);
    // Whether a day separator / a sender header is drawn above this row.
    static bool startsDay(const QModelIndex &index);
    static bool startsGroup(const QModelIndex &index);

    // For tests: the date that counts as "today" (default: the current date).
    void setToday(const QDate &today) { m_today = today; }
    // A message drawn with a tinted background (a search result just jumped to); none: invalid.
    void setHighlighted(const QModelIndex &index) { m_highlighted = index; }
    QModelIndex highlighted() const { return m_highlighted; }

private:
    struct Row;
    struct Metrics;
    // The measures a row is laid out with, for the option's font, style and width; kept until
    // one of those changes (a layout asks for every row).
    const Metrics &metricsFor(const QStyleOptionViewItem &option) const;
    Row layoutRow(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    std::shared_ptr<QTextLayout> textLayout(const QString &text, const QFont &font, int width,
                                            bool links) const;
    QDate today() const;

    QDate m_today;
    mutable QDate m_currentDay; // today(): the date, and for how long it holds
    mutable QElapsedTimer m_currentDayAge;
    mutable qint64 m_currentDayValidMs = 0;
    QPersistentModelIndex m_highlighted;
    mutable QCache<QString, std::shared_ptr<QTextLayout>> m_layouts{400};
    mutable QFont m_keyedFont; // textLayout(): the last font and its QFont::key()
    mutable QString m_fontKey;
    mutable std::unique_ptr<Metrics> m_metrics; // metricsFor(), and for what
    mutable const QStyle *m_metricsStyle = nullptr;
    mutable const QWidget *m_metricsWidget = nullptr;

    // Row heights by what they depend on: the row's and the previous row's revision (the model's
    // RevisionRole; the previous row decides the day separator and the sender header) and the
    // width. A view lays out every row again when one is added, so without this a burst of
    // messages costs a full layout of every shown row per message. Emptied when the font or the
    // style changes, and when it grows beyond MaxCachedHeights.
    struct HeightKey
    {
        quint64 revision = 0;
        quint64 previousRevision = 0;
        int width = 0;
        bool operator==(const HeightKey &) const = default;
    };
    friend size_t qHash(const HeightKey &key, size_t seed) noexcept
    {
        return qHashMulti(seed, key.revision, key.previousRevision, key.width);
    }
    static constexpr qsizetype MaxCachedHeights = 4096;
    mutable QHash<HeightKey, int> m_heights;
    mutable QFont m_heightsFont;
    mutable const QStyle *m_heightsStyle = nullptr;
};

} // namespace natter
