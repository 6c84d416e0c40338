// SPDX-License-Identifier: GPL-3.0-or-later
#include "EditGroupsDialog.h"

#include "Icons.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace natter {

EditGroupsDialog::EditGroupsDialog(const QString &contactName, const QStringList &allGroups,
                                   const QStringList &groups, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Groups of %1 — Natter").arg(contactName));
    setWindowIcon(Icons::action(QStringLiteral("group")));

    auto *intro = new QLabel(tr("Show %1 in these groups:").arg(contactName), this);
    intro->setTextFormat(Qt::PlainText);
    intro->setWordWrap(true);

    m_list = new QListWidget(this);
    m_list->setAccessibleName(tr("Groups"));
    m_list->setUniformItemSizes(true);
    QStringList all = allGroups;
    for (const QString &group : groups) {
        if (!all.contains(group))
            all.append(group);
    }
    for (const QString &group : std::as_const(all)) {
        auto *item = new QListWidgetItem(group, m_list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(groups.contains(group) ? Qt::Checked : Qt::Unchecked);
    }
    intro->setBuddy(m_list);

    m_newGroup = new QLineEdit(this);
    m_newGroup->setPlaceholderText(tr("New group"));
    m_newGroup->setAccessibleName(tr("Name of a new group"));
    m_add = new QPushButton(tr("Add &Group"), this);
    m_add->setAccessibleName(tr("Add the new group"));
    m_add->setEnabled(false);
    connect(m_newGroup, &QLineEdit::textChanged, this,
            [this](const QString &text) { m_add->setEnabled(!text.trimmed().isEmpty()); });
    const auto addTyped = [this] {
        if (addGroup(m_newGroup->text()))
            m_newGroup->clear();
    };
    connect(m_add, &QPushButton::clicked, this, addTyped);

    auto *newRow = new QHBoxLayout;
    newRow->addWidget(m_newGroup, 1);
    newRow->addWidget(m_add);

    auto *hint =
        new QLabel(tr("With no group checked, the contact is listed under “Contacts”."), this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setAccessibleName(tr("Save groups"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    // Enter in the new group field adds the group (eventFilter) instead of closing the dialog.
    m_newGroup->installEventFilter(this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_list, 1);
    layout->addLayout(newRow);
    layout->addWidget(hint);
    layout->addWidget(m_buttons);

    setTabOrder(m_list, m_newGroup);
    setTabOrder(m_newGroup, m_add);
    setTabOrder(m_add, m_buttons);
    setMinimumWidth(fontMetrics().averageCharWidth() * 40);
}

bool EditGroupsDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_newGroup && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if ((key == Qt::Key_Return || key == Qt::Key_Enter) &&
            !m_newGroup->text().trimmed().isEmpty()) {
            m_add->click();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

QStringList EditGroupsDialog::groups() const
{
    QStringList result;
    for (int row = 0; row < m_list->count(); ++row) {
        const QListWidgetItem *item = m_list->item(row);
        if (item->checkState() == Qt::Checked)
            result.append(item->text());
    }
    return result;
}

bool EditGroupsDialog::addGroup(const QString &name)
{
    const QString group = name.trimmed();
    if (group.isEmpty())
        return false;
    for (int row = 0; row < m_list->count(); ++row) {
        QListWidgetItem *item = m_list->item(row);
        if (item->text() == group) {
            item->setCheckState(Qt::Checked);
            m_list->setCurrentItem(item);
            return true;
        }
    }
    auto *item = new QListWidgetItem(group, m_list);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
    m_list->setCurrentItem(item);
    m_list->scrollToItem(item);
    return true;
}

} // namespace natter
