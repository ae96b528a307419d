import * as PosLoyalty from "@pos_loyalty/../tests/tours/utils/pos_loyalty_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import { registry } from "@web/core/registry";

// a member buys at the till, then spends 50 of her points on the next purchase
registry.category("web_tour.tours").add("member_loyalty_pos_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("宁波精工刀具店"),
            ProductScreen.addOrderline("硬质合金铣刀", "1"),
            PosLoyalty.pointsAwardedAre("100"),
            PosLoyalty.finalizeOrder("Cash", "1000"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("宁波精工刀具店"),
            ProductScreen.addOrderline("硬质合金铣刀", "1"),
            PosLoyalty.claimReward("门店会员积分"),
            PosLoyalty.hasRewardLine("50", "-50.00"),
            PosLoyalty.finalizeOrder("Cash", "950"),
        ].flat(),
});
