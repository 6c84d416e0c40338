// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubscriptionNotice.h"

#include "Icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace natter {

SubscriptionNotice::SubscriptionNotice(const Jid &from, const QString &name, bool isContact,
                                       const QString &message, QWidget *parent)
    : QFrame(parent)
    , m_from(from)
{
    setAccessibleName(tr("Presence request from %1").arg(from.bareString()));
    setFocusPolicy(Qt::NoFocus);

    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    auto *icon = new QLabel(this);
    icon->setPixmap(Icons::action(QStringLiteral("add-contact"))
                        .pixmap(QSize(iconSize, iconSize), devicePixelRatioF()));
    icon->setAlignment(Qt::AlignTop | Qt::AlignHCenter);

    // Rich text for the emphasis only: every piece from the network is escaped.
    const QString who = name.trimmed().isEmpty()
                            ? u"<b>"_s + from.bareString().toHtmlEscaped() + u"</b>"_s
                            : u"<b>"_s + name.toHtmlEscaped() + u"</b> ("_s +
                                  from.bareString().toHtmlEscaped() + u')';
    QString text = tr("%1 asks to see when you are online.").arg(who);
    if (!message.trimmed().isEmpty())
        text += u"<br/>"_s + tr("“%1”").arg(message.trimmed().toHtmlEscaped());
    m_label = new QLabel(this);
    m_label->setTextFormat(Qt::RichText);
    m_label->setText(text);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_label->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    const bool contact = isContact;
    m_accept = new QPushButton(contact ? tr("&Accept") : tr("&Accept and add"), this);
    m_accept->setAccessibleName(contact ? tr("Accept the request of %1").arg(from.bareString())
                                        : tr("Accept the request of %1 and add them to your "
                                             "contacts")
                                              .arg(from.bareString()));
    m_accept->setToolTip(contact ? tr("Let them see your presence")
                                 : tr("Let them see your presence, add them to your contacts "
                                      "and ask to see theirs"));
    m_deny = new QPushButton(tr("&Deny"), this);
    m_deny->setAccessibleName(tr("Deny the request of %1").arg(from.bareString()));
    m_deny->setToolTip(tr("They will not see your presence"));
    connect(m_accept, &QPushButton::clicked, this, [this] { Q_EMIT accepted(m_from); });
    connect(m_deny, &QPushButton::clicked, this, [this] { Q_EMIT denied(m_from); });

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_accept);
    buttons->addWidget(m_deny);

    auto *textColumn = new QVBoxLayout;
    textColumn->addWidget(m_label);
    textColumn->addLayout(buttons);

    auto *layout = new QHBoxLayout(this);
    const int margin = fontMetrics().height() / 2;
    // Room for the accent bar on the left.
    layout->setContentsMargins(margin + fontMetrics().height() / 4, margin, margin, margin);
    layout->addWidget(icon, 0, Qt::AlignTop);
    layout->addLayout(textColumn, 1);
}

QString SubscriptionNotice::text() const
{
    return m_label->text();
}

void SubscriptionNotice::paintEvent(QPaintEvent *event)
{
    Q_UNUSED(event);
    QPainter painter(this);
    // A tint of the highlight colour over the window background, and a bar in the highlight
    // colour: noticeable in light and dark palettes alike.
    QColor tint = palette().color(QPalette::Highlight);
    tint.setAlphaF(0.12f);
    painter.fillRect(rect(), palette().color(QPalette::Window));
    painter.fillRect(rect(), tint);
    painter.fillRect(QRect(0, 0, std::max(2, fontMetrics().height() / 6), height()),
                     palette().color(QPalette::Highlight));
}

} // namespace natter
