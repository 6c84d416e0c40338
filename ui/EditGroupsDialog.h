// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace natter {

// The groups of one contact: the roster's groups as a checklist (the contact's own checked),
// and a field to make a new group, which joins the list checked. A contact may be in several
// groups or in none.
class EditGroupsDialog : public QDialog
{
    Q_OBJECT
public:
    // contactName: for the title; allGroups: the roster's groups; groups: the contact's.
    EditGroupsDialog(const QString &contactName, const QStringList &allGroups,
                     const QStringList &groups, QWidget *parent = nullptr);

    // The checked groups, in the list's order.
    QStringList groups() const;

    // Adds (and checks) a group; an existing one is just checked. Returns false for a blank name.
    bool addGroup(const QString &name);

    QListWidget *list() const { return m_list; }
    QLineEdit *newGroupEdit() const { return m_newGroup; }
    QPushButton *addButton() const { return m_add; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QListWidget *m_list;
    QLineEdit *m_newGroup;
    QPushButton *m_add;
    QDialogButtonBox *m_buttons;
};

} // namespace natter
