// SPDX-License-Identifier: GPL-3.0-or-later
#include "CertificatePanel.h"

#include "Icons.h"

#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace natter {

namespace {

QLabel *valueLabel(QWidget *parent, const QString &accessibleName)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // from the network
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setAccessibleName(accessibleName);
    return label;
}

} // namespace

CertificatePanel::CertificatePanel(QWidget *parent)
    : QWidget(parent)
{
    m_icon = new QLabel(this);
    m_icon->setAlignment(Qt::AlignTop | Qt::AlignHCenter);
    m_title = new QLabel(tr("The server's certificate is not trusted"), this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_explanation = new QLabel(this);
    m_explanation->setTextFormat(Qt::PlainText);
    m_explanation->setWordWrap(true);
    m_problems = valueLabel(this, tr("Why the certificate was refused"));

    auto *header = new QHBoxLayout;
    header->addWidget(m_icon, 0, Qt::AlignTop);
    auto *headerText = new QVBoxLayout;
    headerText->addWidget(m_title);
    headerText->addWidget(m_explanation);
    headerText->addWidget(m_problems);
    header->addLayout(headerText, 1);

    m_subject = valueLabel(this, tr("Issued to"));
    m_alternativeNames = valueLabel(this, tr("Also valid for"));
    m_issuer = valueLabel(this, tr("Issued by"));
    m_validity = valueLabel(this, tr("Validity"));
    m_fingerprint = valueLabel(this, tr("SHA-256 fingerprint"));
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_fingerprint->setWordWrap(false);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("Issued to:"), m_subject);
    m_alternativeNamesLabel = new QLabel(tr("Also valid for:"), this);
    form->addRow(m_alternativeNamesLabel, m_alternativeNames);
    form->addRow(tr("Issued by:"), m_issuer);
    form->addRow(tr("Valid:"), m_validity);
    form->addRow(tr("SHA-256 fingerprint:"), m_fingerprint);

    auto *advice = new QLabel(
        tr("Trust this certificate only if its fingerprint matches the one your server's "
           "administrator gave you. Natter will then accept exactly this certificate for this "
           "account, and refuse any other."),
        this);
    advice->setWordWrap(true);

    m_trust = new QPushButton(tr("&Trust this certificate for this account"), this);
    m_trust->setAccessibleName(tr("Trust this certificate for this account"));
    m_trust->setIcon(Icons::action(QStringLiteral("certificate")));
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setAccessibleName(tr("Cancel, do not trust the certificate"));
    // Trusting must be a deliberate choice: Enter does not trust.
    m_trust->setAutoDefault(false);
    m_cancel->setAutoDefault(true);
    m_cancel->setDefault(true);
    connect(m_trust, &QPushButton::clicked, this, [this] { Q_EMIT trustRequested(m_info.sha256); });
    connect(m_cancel, &QPushButton::clicked, this, &CertificatePanel::cancelled);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_trust);
    buttons->addWidget(m_cancel);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addLayout(form);
    layout->addWidget(advice);
    layout->addStretch(1);
    layout->addLayout(buttons);

    setTabOrder(m_subject, m_alternativeNames);
    setTabOrder(m_alternativeNames, m_issuer);
    setTabOrder(m_issuer, m_validity);
    setTabOrder(m_validity, m_fingerprint);
    setTabOrder(m_fingerprint, m_trust);
    setTabOrder(m_trust, m_cancel);
    setAccessibleName(tr("Untrusted certificate"));
    updateIcon();
}

QString CertificatePanel::formatFingerprint(const QByteArray &sha256)
{
    const QString hex = QString::fromLatin1(sha256.toHex(':').toUpper());
    // 32 bytes = 95 characters; two lines of 16 bytes are easier to compare.
    if (hex.size() > 48)
        return hex.left(47) + u'\n' + hex.mid(48);
    return hex;
}

void CertificatePanel::setCertificate(const CertificateInfo &info, const QString &server)
{
    m_info = info;
    m_explanation->setText(tr("Natter could not confirm that it is really talking to %1, so it "
                              "sent nothing and disconnected. Someone could be intercepting the "
                              "connection — or the server uses a certificate that your system "
                              "does not know, for example a self-signed one.")
                               .arg(server));
    QStringList problems;
    for (const QString &problem : info.problems)
        problems.append(QStringLiteral("• ") + problem);
    m_problems->setText(problems.join(u'\n'));
    m_problems->setVisible(!problems.isEmpty());

    m_subject->setText(info.subject.isEmpty() ? tr("(not given)") : info.subject);
    m_alternativeNames->setText(info.alternativeNames.join(QStringLiteral(", ")));
    m_alternativeNames->setVisible(!info.alternativeNames.isEmpty());
    m_alternativeNamesLabel->setVisible(!info.alternativeNames.isEmpty());
    m_issuer->setText(info.issuer.isEmpty() ? tr("(not given)") : info.issuer);

    const QLocale locale;
    QString validity = tr("from %1 until %2")
                           .arg(locale.toString(info.notBefore.toLocalTime(), QLocale::ShortFormat),
                                locale.toString(info.notAfter.toLocalTime(), QLocale::ShortFormat));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (info.notAfter.isValid() && info.notAfter < now)
        validity += u' ' + tr("(expired)");
    else if (info.notBefore.isValid() && info.notBefore > now)
        validity += u' ' + tr("(not yet valid)");
    m_validity->setText(validity);
    m_fingerprint->setText(formatFingerprint(info.sha256));
    m_trust->setEnabled(info.sha256.size() == 32);
}

void CertificatePanel::takeFocus()
{
    m_cancel->setDefault(true);
    m_cancel->setFocus();
}

void CertificatePanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateIcon();
}

void CertificatePanel::updateIcon()
{
    const int size = style()->pixelMetric(QStyle::PM_MessageBoxIconSize, nullptr, this);
    m_icon->setPixmap(Icons::action(QStringLiteral("certificate"))
                          .pixmap(QSize(size, size), devicePixelRatioF()));
}

} // namespace natter
