// SPDX-License-Identifier: GPL-3.0-or-later
#include "AddContactDialog.h"

#include "Icons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace natter {

AddContactDialog::AddContactDialog(const QStringList &groups, const Jid &ownJid, QWidget *parent)
    : QDialog(parent)
    , m_ownJid(ownJid.bare())
{
    setWindowTitle(tr("Add Contact — Natter"));
    setWindowIcon(Icons::action(QStringLiteral("add-contact")));

    m_jid = new QLineEdit(this);
    m_jid->setPlaceholderText(tr("romeo@example.net"));
    m_jid->setAccessibleName(tr("Address"));
    m_jid->setAccessibleDescription(tr("The contact's XMPP address"));
    m_jid->setInputMethodHints(Qt::ImhEmailCharactersOnly | Qt::ImhNoAutoUppercase);

    m_message = new QWidget(this);
    m_messageIcon = new QLabel(m_message);
    m_messageIcon->setAlignment(Qt::AlignTop);
    m_error = new QLabel(m_message);
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::PlainText);
    m_error->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    auto *messageLayout = new QHBoxLayout(m_message);
    messageLayout->setContentsMargins(0, 0, 0, 0);
    messageLayout->addWidget(m_messageIcon, 0, Qt::AlignTop);
    messageLayout->addWidget(m_error, 1);
    m_message->hide();

    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("Optional"));
    m_name->setAccessibleName(tr("Name"));
    m_name->setAccessibleDescription(tr("How the contact is called in your contact list"));

    m_group = new QComboBox(this);
    m_group->setEditable(true);
    m_group->setInsertPolicy(QComboBox::NoInsert);
    m_group->addItem(QString());
    m_group->addItems(groups);
    m_group->setCurrentIndex(0);
    m_group->lineEdit()->setPlaceholderText(tr("No group, or type a new one"));
    m_group->setAccessibleName(tr("Group"));
    m_group->setToolTip(tr("Choose a group or type the name of a new one"));
    m_group->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_group->setMinimumContentsLength(16);

    m_request = new QCheckBox(tr("As&k to see their presence"), this);
    m_request->setChecked(true);
    m_request->setAccessibleName(tr("Ask to see their presence"));
    m_request->setToolTip(tr("Sends them a request; once they accept you see when they are "
                             "online. They may see yours in return."));

    auto *jidLabel = new QLabel(tr("&Address:"), this);
    jidLabel->setBuddy(m_jid);
    auto *nameLabel = new QLabel(tr("&Name:"), this);
    nameLabel->setBuddy(m_name);
    auto *groupLabel = new QLabel(tr("&Group:"), this);
    groupLabel->setBuddy(m_group);

    auto *jidColumn = new QVBoxLayout;
    jidColumn->setSpacing(fontMetrics().height() / 4);
    jidColumn->addWidget(m_jid);
    jidColumn->addWidget(m_message);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(jidLabel, jidColumn);
    form->addRow(nameLabel, m_name);
    form->addRow(groupLabel, m_group);
    form->addRow(QString(), m_request);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    okButton()->setText(tr("&Add"));
    okButton()->setAccessibleName(tr("Add contact"));
    m_buttons->button(QDialogButtonBox::Cancel)->setAccessibleName(tr("Cancel"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isInputValid())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch();
    layout->addWidget(m_buttons);

    setTabOrder(m_jid, m_name);
    setTabOrder(m_name, m_group);
    setTabOrder(m_group, m_request);
    setTabOrder(m_request, m_buttons);

    connect(m_jid, &QLineEdit::textChanged, this, &AddContactDialog::validate);
    validate();
    setMinimumWidth(fontMetrics().averageCharWidth() * 60);
}

QPushButton *AddContactDialog::okButton() const
{
    return m_buttons->button(QDialogButtonBox::Ok);
}

void AddContactDialog::setContactCheck(std::function<bool(const Jid &)> isContact)
{
    m_isContact = std::move(isContact);
    validate();
}

void AddContactDialog::setJid(const QString &jid)
{
    m_jid->setText(jid);
}

void AddContactDialog::setName(const QString &name)
{
    m_name->setText(name);
}

void AddContactDialog::setGroup(const QString &group)
{
    m_group->setCurrentText(group);
}

void AddContactDialog::validate()
{
    const QString text = m_jid->text().trimmed();
    QString error;
    QString hint;
    m_valid = Jid();
    if (!text.isEmpty()) {
        const Jid::ParseResult parsed = Jid::parse(text);
        if (!parsed.ok()) {
            error = parsed.message();
        } else if (parsed.jid.isFull()) {
            error = tr("Contacts are added without a resource: leave out “/%1”.")
                        .arg(parsed.jid.resourcepart());
        } else if (!m_ownJid.isNull() && parsed.jid == m_ownJid) {
            error = tr("This is your own address.");
        } else {
            m_valid = parsed.jid;
            if (m_isContact && m_isContact(m_valid))
                hint = tr("Already in your contacts: adding updates the name and group.");
        }
    }
    const bool problem = !error.isEmpty();
    m_error->setText(problem ? error : hint);
    m_error->setAccessibleName(problem ? tr("Problem with the address") : tr("Note"));
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_messageIcon->setPixmap(
        Icons::action(problem ? QStringLiteral("error") : QStringLiteral("info"))
            .pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
    m_message->setVisible(problem || !hint.isEmpty());
    okButton()->setEnabled(!m_valid.isNull());
    fitHeight();
}

void AddContactDialog::fitHeight()
{
    // A sentence under the address may take more lines than the dialog has room for.
    if (!isVisible() || !layout())
        return;
    layout()->activate();
    const int needed = layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width())
                                                     : layout()->totalSizeHint().height();
    if (needed > height())
        resize(width(), needed);
}

bool AddContactDialog::isInputValid() const
{
    return !m_valid.isNull();
}

QString AddContactDialog::errorText() const
{
    return m_valid.isNull() ? m_error->text() : QString();
}

QString AddContactDialog::hintText() const
{
    return m_valid.isNull() ? QString() : m_error->text();
}

AddContactDialog::Result AddContactDialog::result() const
{
    Result result;
    result.jid = m_valid;
    result.name = m_name->text().trimmed();
    const QString group = m_group->currentText().trimmed();
    if (!group.isEmpty())
        result.groups << group;
    result.requestPresence = m_request->isChecked();
    return result;
}

} // namespace natter
