/* lifeboat's dropbear: the server a rescue system needs and nothing it doesn't.
 * Only two ways in: the console and SSH with a provisioned credential. */

/* no forwarding of any kind: a rescue shell is not a tunnel */
#define DROPBEAR_X11FWD 0
#define DROPBEAR_SVR_AGENTFWD 0
#define DROPBEAR_SVR_LOCALTCPFWD 0
#define DROPBEAR_SVR_REMOTETCPFWD 0
#define DROPBEAR_SVR_LOCALSTREAMFWD 0

/* no DSS, no SHA-1 MACs or key exchange */
#define DROPBEAR_DSS 0
#define DROPBEAR_SHA1_HMAC 0
#define DROPBEAR_SHA1_96_HMAC 0
#define DROPBEAR_DH_GROUP14_SHA1 0
#define DROPBEAR_DH_GROUP1 0

/* passwords through libxcrypt's crypt(); lifeboat passes -s when no password
 * credential exists, so only keys are asked for then */
#define DROPBEAR_SVR_PASSWORD_AUTH 1
#define DROPBEAR_SVR_PUBKEY_AUTH 1
#define DROPBEAR_SVR_PUBKEY_OPTIONS 1

/* host keys live in /run, made at boot */
#define DSS_PRIV_FILENAME "/run/lifeboat/ssh/dss_host_key"
#define RSA_PRIV_FILENAME "/run/lifeboat/ssh/rsa_host_key"
#define ECDSA_PRIV_FILENAME "/run/lifeboat/ssh/ecdsa_host_key"
#define ED25519_PRIV_FILENAME "/run/lifeboat/ssh/ed25519_host_key"

#define DEFAULT_PATH "/usr/sbin:/usr/bin:/sbin:/bin"
#define DROPBEAR_SMALL_CODE 1
