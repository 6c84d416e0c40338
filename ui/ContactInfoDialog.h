// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "services/PresenceService.h"
#include "stanza/Jid.h"

#include <QDialog>
#include <QHash>

class QLabel;
class QTreeWidget;

namespace natter {

class RosterService;

// What is known about one contact: name, address, status, subscription, groups, and each
// online resource with its status, priority and client (name and version, asked of the
// resource once the dialog is shown — XEP-0092). Follows presence changes while open.
class ContactInfoDialog : public QDialog
{
    Q_OBJECT
public:
    ContactInfoDialog(const Jid &jid, RosterService *roster, PresenceService *presence,
                      QWidget *parent = nullptr);

    const Jid &jid() const { return m_jid; }
    QTreeWidget *resourceList() const { return m_resources; }
    // The client column of a resource, as shown (e.g. "Asking…", "Gajim 1.8.4 on Debian 12").
    QString clientText(const Jid &fullJid) const;

    enum Column
    {
        ResourceColumn,
        StatusColumn,
        PriorityColumn,
        ClientColumn
    };

protected:
    void showEvent(QShowEvent *event) override;

private:
    void refresh();
    void askClients();
    void setClientText(const Jid &fullJid, const QString &text);

    Jid m_jid;
    RosterService *m_roster;
    PresenceService *m_presence;
    QLabel *m_name;
    QLabel *m_address;
    QLabel *m_status;
    QLabel *m_subscription;
    QLabel *m_groups;
    QLabel *m_noResources;
    QTreeWidget *m_resources;
    QHash<Jid, QString> m_clients; // full JID -> what the client column says
    bool m_shown = false;
};

} // namespace natter
