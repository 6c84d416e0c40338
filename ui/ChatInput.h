// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QPlainTextEdit>

namespace natter {

// Where a message is written: Enter sends (sendRequested), Shift+Enter starts a new line. Grows
// with its text from one to MaxLines lines, then scrolls. Up in an empty box asks to edit the
// last message (editLastRequested); while editing, Escape asks to stop (cancelEditRequested).
class ChatInput : public QPlainTextEdit
{
    Q_OBJECT
public:
    static constexpr int MaxLines = 6;

    explicit ChatInput(QWidget *parent = nullptr);

    // Lines the text takes at the current width, 1 … MaxLines.
    int visibleLines() const;
    // Whether a sent message is being corrected (Escape cancels).
    void setEditing(bool editing) { m_editing = editing; }
    bool isEditing() const { return m_editing; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void sendRequested();
    void editLastRequested();
    void cancelEditRequested();

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    int heightForLines(int lines) const;
    void updateHeight();

    int m_lines = 1;
    bool m_editing = false;
};

} // namespace natter
