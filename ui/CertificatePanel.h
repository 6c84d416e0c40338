// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "stream/ConnectionError.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace natter {

// Shown instead of the login form when the server's certificate is not trusted: who it was
// issued to and by, its validity, why it was refused and its SHA-256 fingerprint, with
// "Trust this certificate for this account" (the caller pins it) or "Cancel".
// Everything shown comes from the network and is shown as plain text.
class CertificatePanel : public QWidget
{
    Q_OBJECT
public:
    explicit CertificatePanel(QWidget *parent = nullptr);

    // server: what we connected to, in words (e.g. "example.org" or "xmpp.example.org:5222").
    void setCertificate(const CertificateInfo &info, const QString &server);
    const CertificateInfo &certificate() const { return m_info; }

    // Makes "Cancel" the default button and gives it the focus (trusting must be deliberate).
    void takeFocus();

    // The fingerprint as displayed: upper-case hex pairs separated by colons, in two lines.
    static QString formatFingerprint(const QByteArray &sha256);

Q_SIGNALS:
    void trustRequested(const QByteArray &sha256);
    void cancelled();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateIcon();

    CertificateInfo m_info;
    QLabel *m_icon;
    QLabel *m_title;
    QLabel *m_explanation;
    QLabel *m_problems;
    QLabel *m_subject;
    QLabel *m_alternativeNames;
    QLabel *m_alternativeNamesLabel;
    QLabel *m_issuer;
    QLabel *m_validity;
    QLabel *m_fingerprint;
    QPushButton *m_trust;
    QPushButton *m_cancel;
};

} // namespace natter
