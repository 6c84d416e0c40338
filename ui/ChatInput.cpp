// SPDX-License-Identifier: GPL-3.0-or-later
#include "ChatInput.h"

#include <QKeyEvent>
#include <QTextBlock>
#include <QTextLayout>

#include <cmath>

namespace natter {

ChatInput::ChatInput(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setPlaceholderText(tr("Write a message…"));
    setAccessibleName(tr("Message"));
    setAccessibleDescription(
        tr("Enter sends, Shift+Enter starts a new line, Up in an empty box edits your last "
           "message"));
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    connect(this, &QPlainTextEdit::textChanged, this, &ChatInput::updateHeight);
}

int ChatInput::visibleLines() const
{
    // Lay the blocks out ourselves: QPlainTextEdit lays out only what it shows, and it shows
    // little while it is one line high.
    const qreal width = qMax<qreal>(1, viewport()->width() - 2 * document()->documentMargin());
    QTextOption option = document()->defaultTextOption();
    option.setWrapMode(wordWrapMode());
    int lines = 0;
    for (QTextBlock block = document()->begin(); block.isValid() && lines <= MaxLines;
         block = block.next()) {
        QTextLayout layout(block.text(), font());
        layout.setTextOption(option);
        layout.beginLayout();
        int blockLines = 0;
        for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
            line.setLineWidth(width);
            if (++blockLines + lines > MaxLines)
                break;
        }
        layout.endLayout();
        lines += qMax(1, blockLines);
    }
    return qBound(1, lines, MaxLines);
}

int ChatInput::heightForLines(int lines) const
{
    // The height of a line as QPlainTextEdit lays it out (QTextLine, not QFontMetrics, which
    // rounds differently).
    QTextLayout probe(QStringLiteral("Xg"), font());
    probe.beginLayout();
    const QTextLine line = probe.createLine();
    probe.endLayout();
    const qreal lineHeight = line.isValid() ? line.height() : fontMetrics().lineSpacing();
    const QMargins margins = contentsMargins();
    const QMargins viewportMargins = this->viewportMargins();
    return int(std::ceil(lines * lineHeight + 2 * document()->documentMargin())) +
           2 * frameWidth() + margins.top() + margins.bottom() + viewportMargins.top() +
           viewportMargins.bottom();
}

QSize ChatInput::sizeHint() const
{
    const QSize base = QPlainTextEdit::sizeHint();
    return {base.width(), heightForLines(m_lines)};
}

QSize ChatInput::minimumSizeHint() const
{
    const QSize base = QPlainTextEdit::minimumSizeHint();
    return {base.width(), heightForLines(m_lines)};
}

void ChatInput::updateHeight()
{
    const int lines = visibleLines();
    if (lines == m_lines)
        return;
    m_lines = lines;
    updateGeometry();
}

void ChatInput::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) {
        const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
        if (mods == Qt::NoModifier) {
            event->accept();
            Q_EMIT sendRequested();
            return;
        }
        if (mods == Qt::ShiftModifier) {
            event->accept();
            // A new paragraph, not QTextEdit's soft line break (U+2028).
            textCursor().insertText(QStringLiteral("\n"));
            ensureCursorVisible();
            return;
        }
    }
    if (event->key() == Qt::Key_Up && event->modifiers() == Qt::NoModifier &&
        document()->isEmpty()) {
        event->accept();
        Q_EMIT editLastRequested();
        return;
    }
    if (event->key() == Qt::Key_Escape && m_editing) {
        event->accept();
        Q_EMIT cancelEditRequested();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

void ChatInput::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    if (event->size().width() != event->oldSize().width())
        updateHeight(); // wrapping changed
}

} // namespace natter
