/* Public keys made once with ssh-keygen for the sshkey tests (no private halves kept). */
#ifndef LB_TEST_KEYS_H
#define LB_TEST_KEYS_H
#define K_ED_TYPE "ssh-ed25519"
#define K_ED_B64 \
	"AAAAC3NzaC1lZDI1NTE5AAAAIMC4FEK1bsvAbSBHfyJwuiJigSCD2gXcZgtO/nD2OVBn"
#define K_EC_TYPE "ecdsa-sha2-nistp256"
#define K_EC_B64 \
	"AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBCWxChUETCbpnR8GrJj2G06EDG04" \
	"b4Zv8+VuCiq4OpiCMLD4h+EuNEnqwCh1syOofPtKIQ3TDOhevSZ4rrAxceQ="
#define K_R2_TYPE "ssh-rsa"
#define K_R2_B64 \
	"AAAAB3NzaC1yc2EAAAADAQABAAABAQDRg9gA2npt0QJunPdtxzeZB5UxZTbxyfoF7G3v+l8I0dVFtRg1" \
	"uvPaTfouwTWCr6GPw6E6OSpeSvjsZmiwi1dszjHBPc2v7wfVW6nFDhwEV+tuiRNma6uFyD0wHZ+hmMfx" \
	"GSECyxPyl0oqKreIAc2+4C6ddzjSMttTm85JP6mmyrZ/9FGljNNgb4jsWZbSbJqZvZtGM3/eH6PYTX5H" \
	"3deg2IrCkxBusENObGuD+HbDBbj7+T+5eojL0cmZVWRMAQ8RqujKW2/g6TolrzoelsoMeIMFM6kIz0Pr" \
	"6NqSyRYktOK0amEyuNQ++/fL6iLWO+FRMen5EsKugxwg95rtHhcp"
#define K_R1_TYPE "ssh-rsa"
#define K_R1_B64 \
	"AAAAB3NzaC1yc2EAAAADAQABAAAAgQCrTIOpwck07ZiaOk5laJ6kFBlR3UqtLjOmzC0FyAENRJ1IpI2y" \
	"xLY/uHL9QH6pI6vgs3zoRBrr7cCl89k2QCdCvwDU0SWRNR4G/m+cHmRm2upV+rYdVeHm2Q5Bxajaeo7P" \
	"ZAuGN8n7GUAPYnLd/LIi9n8XqMcTTAvoCAsOAm8W8Q=="
#define K_ED_LINE_B64URL "b64:c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSU1DNEZFSzFic3ZBYlNCSGZ5Snd1aUppZ1NDRDJnWGNaZ3RPL25EMk9WQm4gbWVAaG9zdA"
#endif
