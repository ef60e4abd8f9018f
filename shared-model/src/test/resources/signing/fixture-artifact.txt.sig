{
  "format" : "flotilla-signature",
  "version" : 1,
  "algorithm" : "Ed25519",
  "keyId" : "6388eb0fa5366623",
  "sha256" : "9f985df4636dc7a2e5c23654a19c7ca4d22498ec2db4fd93834c201a277d30ed",
  "signature" : "MDQwDyEiW1z91RlMwAZNQ0+/7/ISA7GM6uPBL8qvcguTvp/XZEB5SUcyTFFKKsC7PvTA9jDBoZwNshS4aG7fBA=="
}
