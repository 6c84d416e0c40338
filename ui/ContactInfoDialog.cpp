// SPDX-License-Identifier: GPL-3.0-or-later
#include "ContactInfoDialog.h"

#include "Icons.h"
#include "StatusSelector.h"
#include "services/RosterService.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace natter {

ContactInfoDialog::ContactInfoDialog(const Jid &jid, RosterService *roster,
                                     PresenceService *presence, QWidget *parent)
    : QDialog(parent)
    , m_jid(jid.bare())
    , m_roster(roster)
    , m_presence(presence)
{
    setWindowTitle(tr("Contact Info — Natter"));
    setWindowIcon(Icons::action(QStringLiteral("info")));

    const auto plainLabel = [this] {
        auto *label = new QLabel(this);
        label->setTextFormat(Qt::PlainText);
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        return label;
    };
    m_name = plainLabel();
    QFont big = m_name->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_name->setFont(big);
    m_name->setAccessibleName(tr("Name"));
    m_address = plainLabel();
    m_address->setAccessibleName(tr("Address"));
    m_status = plainLabel();
    m_status->setAccessibleName(tr("Status"));
    m_subscription = plainLabel();
    m_subscription->setAccessibleName(tr("Presence subscription"));
    m_groups = plainLabel();
    m_groups->setAccessibleName(tr("Groups"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Address:"), m_address);
    form->addRow(tr("Status:"), m_status);
    form->addRow(tr("Presence:"), m_subscription);
    form->addRow(tr("Groups:"), m_groups);

    auto *resourcesLabel = new QLabel(tr("&Online resources:"), this);
    m_resources = new QTreeWidget(this);
    m_resources->setAccessibleName(tr("Online resources"));
    m_resources->setRootIsDecorated(false);
    m_resources->setUniformRowHeights(true);
    m_resources->setHeaderLabels({tr("Resource"), tr("Status"), tr("Priority"), tr("Client")});
    m_resources->header()->setStretchLastSection(true);
    m_resources->header()->setSectionResizeMode(QHeaderView::Interactive);
    resourcesLabel->setBuddy(m_resources);
    m_noResources = new QLabel(tr("No resource is online."), this);
    m_noResources->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setAccessibleName(tr("Close"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_name);
    layout->addLayout(form);
    layout->addWidget(resourcesLabel);
    layout->addWidget(m_resources, 1);
    layout->addWidget(m_noResources);
    layout->addWidget(buttons);

    connect(m_presence, &PresenceService::contactStatusChanged, this, [this](const Jid &changed) {
        if (changed.bare() == m_jid)
            refresh();
    });
    connect(m_roster, &RosterService::contactsChanged, this, &ContactInfoDialog::refresh);
    refresh();
    resize(fontMetrics().averageCharWidth() * 90, fontMetrics().height() * 22);
}

QString ContactInfoDialog::clientText(const Jid &fullJid) const
{
    return m_clients.value(fullJid);
}

void ContactInfoDialog::refresh()
{
    const std::optional<RosterService::Contact> contact = m_roster->contact(m_jid);
    m_name->setText(m_roster->displayName(m_jid));
    m_address->setText(m_jid.bareString());

    const PresenceService::Status status = m_presence->contactStatus(m_jid);
    const QString statusText = m_presence->contactStatusText(m_jid);
    m_status->setText(statusText.isEmpty()
                          ? PresenceService::statusName(status)
                          : tr("%1: “%2”").arg(PresenceService::statusName(status), statusText));

    if (!contact) {
        m_subscription->setText(tr("Not in your contacts."));
        m_groups->setText(QString());
    } else {
        QString text;
        if (contact->weSeeThem && contact->theySeeUs)
            text = tr("You see each other’s presence.");
        else if (contact->weSeeThem)
            text = tr("You see their presence; they do not see yours.");
        else if (contact->theySeeUs)
            text = tr("They see your presence; you do not see theirs.");
        else
            text = tr("Neither of you sees the other’s presence.");
        if (contact->requestPending)
            text += u' ' + tr("Your request to see their presence awaits an answer.");
        m_subscription->setText(text);
        m_groups->setText(contact->groups.isEmpty() ? tr("None") : contact->groups.join(u", "));
    }

    const QList<PresenceService::ResourceInfo> resources = m_presence->resources(m_jid);
    m_resources->clear();
    for (const PresenceService::ResourceInfo &resource : resources) {
        auto *item = new QTreeWidgetItem(m_resources);
        const QString name = resource.jid.resourcepart().isEmpty() ? resource.jid.toString()
                                                                   : resource.jid.resourcepart();
        item->setText(ResourceColumn, name);
        item->setToolTip(ResourceColumn, resource.jid.toString().toHtmlEscaped());
        item->setData(ResourceColumn, Qt::UserRole, QVariant::fromValue(resource.jid));
        item->setIcon(StatusColumn, StatusSelector::iconFor(resource.status));
        const QString status =
            resource.statusText.isEmpty()
                ? PresenceService::statusName(resource.status)
                : tr("%1: “%2”")
                      .arg(PresenceService::statusName(resource.status), resource.statusText);
        item->setText(StatusColumn, status);
        item->setToolTip(StatusColumn, status.toHtmlEscaped());
        item->setText(PriorityColumn, QString::number(resource.priority));
        item->setTextAlignment(PriorityColumn, Qt::AlignRight | Qt::AlignVCenter);
        const QString client = m_clients.value(resource.jid);
        item->setText(ClientColumn, client);
        item->setToolTip(ClientColumn, client.toHtmlEscaped());
    }
    m_resources->setVisible(!resources.isEmpty());
    m_noResources->setVisible(resources.isEmpty());
    for (int column = 0; column < ClientColumn; ++column)
        m_resources->resizeColumnToContents(column);
    if (m_shown)
        askClients();
}

void ContactInfoDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (!m_shown) {
        m_shown = true;
        askClients();
    }
}

void ContactInfoDialog::askClients()
{
    for (int row = 0; row < m_resources->topLevelItemCount(); ++row) {
        const Jid resource =
            m_resources->topLevelItem(row)->data(ResourceColumn, Qt::UserRole).value<Jid>();
        if (resource.isNull() || m_clients.contains(resource))
            continue;
        setClientText(resource, tr("Asking…"));
        m_presence->requestClientInfo(
            resource, this, [this, resource](const PresenceService::ClientInfo &info) {
                QString text;
                if (!info.error.isEmpty()) {
                    text = tr("Unknown: %1").arg(info.error);
                } else {
                    text =
                        info.version.isEmpty()
                            ? info.name
                            : tr("%1 %2", "client name and version").arg(info.name, info.version);
                    if (!info.os.isEmpty())
                        text = tr("%1 on %2", "client on operating system").arg(text, info.os);
                    if (text.trimmed().isEmpty())
                        text = tr("Unknown");
                }
                setClientText(resource, text);
            });
    }
}

void ContactInfoDialog::setClientText(const Jid &fullJid, const QString &text)
{
    m_clients.insert(fullJid, text);
    for (int row = 0; row < m_resources->topLevelItemCount(); ++row) {
        QTreeWidgetItem *item = m_resources->topLevelItem(row);
        if (item->data(ResourceColumn, Qt::UserRole).value<Jid>() == fullJid) {
            item->setText(ClientColumn, text);
            item->setToolTip(ClientColumn, text.toHtmlEscaped());
        }
    }
}

} // namespace natter
