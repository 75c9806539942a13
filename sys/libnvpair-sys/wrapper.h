/* What libnvpair-sys binds: the nvlist_t API from OpenZFS's libnvpair. */
#include <libnvpair.h>
