// SPDX-License-Identifier: GPL-3.0-or-later
#include "SearchResultDelegate.h"

#include "SearchWindow.h"
#include "services/ChatMessage.h"

#include <QAbstractItemView>
#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>
#include <QStyle>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextDocument>

#include <cmath>

namespace natter {

namespace {

constexpr QChar MatchStart(0x02);
constexpr QChar MatchEnd(0x03);

// Margins inside a row, from the font.
int margin(const QFontMetrics &fm)
{
    return fm.height() / 4;
}

} // namespace

SearchResultDelegate::SearchResultDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

SearchResultDelegate::Snippet SearchResultDelegate::parseSnippet(const QString &marked)
{
    Snippet snippet;
    snippet.text.reserve(marked.size());
    int start = -1;
    for (const QChar c : marked) {
        if (c == MatchStart) {
            start = int(snippet.text.size());
        } else if (c == MatchEnd) {
            if (start >= 0 && snippet.text.size() > start)
                snippet.matches.append({start, int(snippet.text.size()) - start});
            start = -1;
        } else if (c == u'\n' || c == u'\r' || c == QChar::LineSeparator ||
                   c == QChar::ParagraphSeparator || c == u'\t') {
            snippet.text.append(u' ');
        } else {
            snippet.text.append(c);
        }
    }
    return snippet;
}

QString SearchResultDelegate::headerText(const QModelIndex &index)
{
    const QString name = index.data(SearchWindow::NameRole).toString();
    const bool outgoing =
        index.data(SearchWindow::DirectionRole).toInt() == int(ChatMessage::Direction::Outgoing);
    const QString time = QLocale().toString(
        index.data(SearchWindow::TimeRole).toDateTime().toLocalTime(), QLocale::ShortFormat);
    return outgoing
               ? SearchWindow::tr("%1 · sent %2", "search result: contact, time").arg(name, time)
               : SearchWindow::tr("%1 · received %2", "search result: contact, time")
                     .arg(name, time);
}

void SearchResultDelegate::fillDocument(QTextDocument *document, const Snippet &snippet,
                                        const QFont &font)
{
    document->clear();
    document->setDefaultFont(font);
    document->setDocumentMargin(0);
    QTextCursor cursor(document);
    QTextCharFormat plain;
    QTextCharFormat bold;
    bold.setFontWeight(QFont::Bold);
    int at = 0;
    for (const auto &[start, length] : snippet.matches) {
        cursor.insertText(snippet.text.mid(at, start - at), plain);
        cursor.insertText(snippet.text.mid(start, length), bold);
        at = start + length;
    }
    cursor.insertText(snippet.text.mid(at), plain);
}

void SearchResultDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const bool selected = opt.state & QStyle::State_Selected;
    const QPalette::ColorGroup group =
        opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
    const QColor text =
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    const QFontMetrics fm(opt.font);
    const int m = margin(fm);
    const QRect inner = opt.rect.adjusted(m * 2, m, -m * 2, -m);

    painter->save();
    painter->setPen(text);
    QFont headerFont = opt.font;
    headerFont.setBold(true);
    painter->setFont(headerFont);
    const QFontMetrics hfm(headerFont);
    const QRect headerRect(inner.left(), inner.top(), inner.width(), hfm.height());
    painter->drawText(headerRect, Qt::AlignLeft | Qt::AlignVCenter,
                      hfm.elidedText(headerText(index), Qt::ElideRight, inner.width()));

    QTextDocument doc;
    fillDocument(&doc, parseSnippet(index.data(SearchWindow::SnippetRole).toString()), opt.font);
    doc.setTextWidth(inner.width());
    painter->translate(inner.left(), headerRect.bottom() + 1 + m / 2);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette = opt.palette;
    context.palette.setColor(QPalette::Text, text);
    context.clip = QRectF(0, 0, inner.width(), inner.bottom() - headerRect.bottom());
    doc.documentLayout()->draw(painter, context);
    painter->restore();
}

QSize SearchResultDelegate::sizeHint(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QFontMetrics fm(opt.font);
    const int m = margin(fm);
    int width = opt.rect.width();
    if (const auto *view = qobject_cast<const QAbstractItemView *>(opt.widget))
        width = view->viewport()->width();
    if (width <= 0)
        width = fm.averageCharWidth() * 60;
    QTextDocument doc;
    fillDocument(&doc, parseSnippet(index.data(SearchWindow::SnippetRole).toString()), opt.font);
    doc.setTextWidth(qMax(1, width - m * 4));
    QFont headerFont = opt.font;
    headerFont.setBold(true);
    const int height =
        m + QFontMetrics(headerFont).height() + m / 2 + int(std::ceil(doc.size().height())) + m;
    return QSize(width, height);
}

} // namespace natter
