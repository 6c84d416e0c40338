// SPDX-License-Identifier: GPL-3.0-or-later
#include "Extension.h"

#include "account/Account.h"

namespace natter {

Extension::Extension(Account *account)
    : QObject(account)
    , m_account(account)
{
    // Registration order is the order in which extensions see stanzas.
    account->addExtension(this);
}

} // namespace natter
