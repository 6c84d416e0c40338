// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stanza/Jid.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace natter {

// Adding a contact: the address (checked as it is typed, the reason shown under the field and
// OK disabled while it is not valid), a name, a group (an existing one or a new one) and
// "Ask to see their presence" (on by default). Returns what was entered; the caller adds.
class AddContactDialog : public QDialog
{
    Q_OBJECT
public:
    struct Result
    {
        Jid jid; // bare
        QString name;
        QStringList groups;
        bool requestPresence = true;
    };

    // groups: the roster's groups, offered in the group picker. ownJid: refused as a contact.
    explicit AddContactDialog(const QStringList &groups, const Jid &ownJid = {},
                              QWidget *parent = nullptr);

    // Tells whether an address is a contact already (to say that OK then updates it).
    void setContactCheck(std::function<bool(const Jid &)> isContact);

    void setJid(const QString &jid);
    void setName(const QString &name);
    void setGroup(const QString &group);

    Result result() const;
    // Whether the address typed can be added; the reason why not (empty when it can, and while
    // nothing is typed).
    bool isInputValid() const;
    QString errorText() const;
    QString hintText() const;

    QLineEdit *jidEdit() const { return m_jid; }
    QLineEdit *nameEdit() const { return m_name; }
    QComboBox *groupBox() const { return m_group; }
    QCheckBox *requestBox() const { return m_request; }
    QPushButton *okButton() const;

private:
    void validate();
    void fitHeight();

    Jid m_ownJid;
    std::function<bool(const Jid &)> m_isContact;
    QLineEdit *m_jid;
    QWidget *m_message; // icon and sentence under the address
    QLabel *m_messageIcon;
    QLabel *m_error;
    QLineEdit *m_name;
    QComboBox *m_group;
    QCheckBox *m_request;
    QDialogButtonBox *m_buttons;
    Jid m_valid;
};

} // namespace natter
