// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QFrame>

class QLabel;
class QPushButton;

namespace natter {

// A non-blocking notice in the roster window: someone asks to see our presence. Accept lets
// them (and adds them, if they are not a contact yet); Deny refuses. The notice itself only
// says what the user chose; the window answers through the RosterService.
class SubscriptionNotice : public QFrame
{
    Q_OBJECT
public:
    // name: how they are called in the roster (may be empty); isContact: they are in it.
    SubscriptionNotice(const Jid &from, const QString &name, bool isContact, const QString &message,
                       QWidget *parent = nullptr);

    const Jid &from() const { return m_from; }
    QPushButton *acceptButton() const { return m_accept; }
    QPushButton *denyButton() const { return m_deny; }
    QString text() const;

Q_SIGNALS:
    void accepted(const natter::Jid &from);
    void denied(const natter::Jid &from);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    Jid m_from;
    QLabel *m_label;
    QPushButton *m_accept;
    QPushButton *m_deny;
};

} // namespace natter
