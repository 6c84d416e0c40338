// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QStyledItemDelegate>

class QTextDocument;

namespace natter {

// Paints a search result (SearchWindow's roles): the contact's name in bold, whether we sent or
// received it and when, and below the snippet with the matched words in bold. Everything from
// the message is laid out as plain text (QTextDocument fed with insertText and character
// formats), so a body like "<b>x</b>" shows as those characters.
class SearchResultDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit SearchResultDelegate(QObject *parent = nullptr);

    // A snippet (match between \x02 and \x03) as text without the markers and the ranges of the
    // matches in it (start, length). Line breaks become spaces.
    struct Snippet
    {
        QString text;
        QList<std::pair<int, int>> matches;
    };
    static Snippet parseSnippet(const QString &marked);

    // The header line of a result: "Name · received · time".
    static QString headerText(const QModelIndex &index);
    // The snippet laid out for painting (for tests: its character formats show what is bold).
    static void fillDocument(QTextDocument *document, const Snippet &snippet, const QFont &font);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace natter
